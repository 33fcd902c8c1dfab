"""Reads for the rectification pages, scoped to the person asking; no side effects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from clients.models import Client
from practice.models import PracticeProfile, User
from records.models import CaseFile, Note
from rights import permissions
from rights.models import (
    ErasureLetter,
    ErasureRequest,
    ErasureStatus,
    ObjectionLetter,
    ObjectionRequest,
    ObjectionStatus,
    RectificationLetter,
    RectificationRequest,
    RectificationStatus,
)
from subject_access import selectors as sar_selectors
from subject_access.deadlines import Clock

NEXT_STEP = {
    RectificationStatus.RECEIVED: "The therapist responds on the note",
    RectificationStatus.RESPONDED: "Send the outcome letter",
}


def requests_for(actor: User) -> QuerySet[RectificationRequest]:
    if not permissions.may_handle_complaints(actor):
        return RectificationRequest.objects.none()
    return RectificationRequest.objects.all()


def request_for(actor: User, ref) -> RectificationRequest | None:
    return requests_for(actor).filter(ref=ref).first()


def letter_for(actor: User, rectification: RectificationRequest, ref) -> RectificationLetter | None:
    if not permissions.may_handle_complaints(actor):
        return None
    return rectification.letters.filter(ref=ref).first()


def clients_matching(actor: User, query: str) -> list[Client]:
    """By name (as the complaint link page does), or exactly by record reference."""
    if not permissions.may_handle_complaints(actor) or not query.strip():
        return []
    by_ref = list(Client.objects.filter(record_ref=query.strip().upper()))
    return by_ref or sar_selectors.clients_matching(actor, query)


def client_for_logging(actor: User, ref) -> Client | None:
    if not permissions.may_handle_complaints(actor):
        return None
    return Client.objects.filter(ref=ref).first()


def client_of(rectification: RectificationRequest) -> Client | None:
    return Client.objects.filter(record_ref=rectification.record_ref).first()


def for_therapist(actor: User, ref) -> RectificationRequest | None:
    """The request, to the therapist whose client's case file it is; None to anyone else."""
    if actor is None or not actor.is_authenticated:
        return None
    rectification = RectificationRequest.objects.filter(ref=ref).first()
    if rectification is None:
        return None
    if not CaseFile.objects.filter(record_ref=rectification.record_ref, therapist=actor).exists():
        return None
    return rectification


def open_for_therapist(actor: User) -> list[RectificationRequest]:
    """Requests waiting for this therapist's response, oldest first."""
    refs = CaseFile.objects.filter(therapist=actor).values_list("record_ref", flat=True)
    return list(
        RectificationRequest.objects.filter(
            record_ref__in=list(refs), status=RectificationStatus.RECEIVED
        ).order_by("received_on", "pk")
    )


def signed_notes(rectification: RectificationRequest) -> list[Note]:
    return list(
        Note.objects.filter(
            case_file__record_ref=rectification.record_ref, status=Note.Status.SIGNED
        )
        .select_related("session")
        .order_by("-signed_at", "-pk")
    )


@dataclass(frozen=True)
class OpenRow:
    rectification: RectificationRequest
    clock: Clock

    @property
    def next_step(self) -> str:
        return NEXT_STEP.get(self.rectification.status, self.rectification.get_status_display())


def open_requests(actor: User, *, today: date | None = None) -> list[OpenRow]:
    """Open requests with their clock; one profile read for the nation."""
    today = today or timezone.localdate()
    nation = PracticeProfile.load().nation
    return [
        OpenRow(rectification, rectification.clock(nation=nation, as_of=today))
        for rectification in requests_for(actor).exclude(status=RectificationStatus.CLOSED)
    ]


# -- Objections (Art. 21) ---------------------------------------------------------------------


def objections_for(actor: User) -> QuerySet[ObjectionRequest]:
    if not permissions.may_handle_complaints(actor):
        return ObjectionRequest.objects.none()
    return ObjectionRequest.objects.all()


def objection_for(actor: User, ref) -> ObjectionRequest | None:
    return objections_for(actor).filter(ref=ref).first()


def objection_letter_for(actor: User, objection: ObjectionRequest, ref) -> ObjectionLetter | None:
    if not permissions.may_handle_complaints(actor):
        return None
    return objection.letters.filter(ref=ref).first()


def open_objections(actor: User, *, today: date | None = None) -> list[tuple]:
    """Open objections with their clock."""
    today = today or timezone.localdate()
    nation = PracticeProfile.load().nation
    return [
        (objection, objection.clock(nation=nation, as_of=today))
        for objection in objections_for(actor).filter(status=ObjectionStatus.RECEIVED)
    ]


# -- Erasure requests (Art. 17) -----------------------------------------------------------------

ERASURE_NEXT_STEP = {
    ErasureStatus.RECEIVED: "Decide it and send the outcome letter",
    ErasureStatus.GRANTED: "Send the outcome letter, then carry out the erasure",
}


def erasures_for(actor: User) -> QuerySet[ErasureRequest]:
    if not permissions.may_handle_complaints(actor):
        return ErasureRequest.objects.none()
    return ErasureRequest.objects.all()


def erasure_for(actor: User, ref) -> ErasureRequest | None:
    return erasures_for(actor).filter(ref=ref).first()


def erasure_letter_for(actor: User, erasure: ErasureRequest, ref) -> ErasureLetter | None:
    if not permissions.may_handle_complaints(actor):
        return None
    return erasure.letters.filter(ref=ref).first()


def open_erasures(actor: User, *, today: date | None = None) -> list[tuple]:
    """Erasure requests still to decide or to carry out, with their clock."""
    today = today or timezone.localdate()
    nation = PracticeProfile.load().nation
    return [
        (erasure, erasure.clock(nation=nation, as_of=today))
        for erasure in erasures_for(actor).filter(status__in=list(ERASURE_NEXT_STEP))
    ]
