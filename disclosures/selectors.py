"""Reads the disclosure pages need, already scoped to the person asking. No side effects."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from clients.models import Client
from disclosures import machine
from disclosures.models import DisclosureRecord, DisclosureRequest, RequestEvent, Status
from practice import client_facing as practice_client_facing
from practice import datamap
from practice.models import Supervision, User
from practice.permissions import is_supervisor, is_therapist, supervisee_ids
from records.models import CaseFile

WAITING = (Status.SUBMITTED, Status.EMERGENCY_REVIEW)


def requests_of_therapist(user: User) -> QuerySet[DisclosureRequest]:
    if not is_therapist(user):
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(therapist=user).select_related("case_file")


def own_requests(user: User) -> QuerySet[DisclosureRequest]:
    """The therapist's list: newest activity first."""
    return requests_of_therapist(user).order_by("-updated_at", "-pk")


def requests_for_reviewer(user: User) -> QuerySet[DisclosureRequest]:
    """Requests of the therapists `user` supervises today, once sent (never drafts)."""
    return (
        DisclosureRequest.objects.filter(therapist_id__in=supervisee_ids(user))
        .exclude(therapist=user)
        .filter(Q(submitted_at__isnull=False) | Q(is_emergency=True))
        .select_related("case_file", "therapist", "decided_by")
    )


def review_queue(user: User) -> QuerySet[DisclosureRequest]:
    """Waiting for this reviewer: overdue emergency reviews first (the same test as
    `DisclosureRequest.review_overdue`), then other emergency reviews, then the longest
    waiting. Ordered in the database, so the queue pages."""
    emergency = Q(status=Status.EMERGENCY_REVIEW)
    return (
        requests_for_reviewer(user)
        .filter(status__in=WAITING)
        .annotate(
            overdue_rank=Case(
                When(emergency & Q(review_due_on__lt=timezone.localdate()), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            emergency_rank=Case(
                When(emergency, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            waiting_since=Coalesce("submitted_at", "updated_at"),
        )
        .order_by("overdue_rank", "emergency_rank", "waiting_since", "pk")
    )


def decided_by(user: User) -> QuerySet[DisclosureRequest]:
    """Requests this reviewer decided on (any decision, including asking for changes)."""
    ids = RequestEvent.objects.filter(actor=user, action__in=machine.DECISIONS).values("request_id")
    return (
        requests_for_reviewer(user).filter(pk__in=ids).order_by("-decided_at", "-updated_at", "-pk")
    )


def supervision_links(user: User) -> QuerySet[Supervision]:
    """Whom this person supervises or supervised: names and dates, nothing about clients."""
    if not is_supervisor(user):
        return Supervision.objects.none()
    return (
        Supervision.objects.filter(supervisor=user)
        .select_related("therapist")
        .order_by("ends_on", "therapist__last_name", "therapist__first_name")
    )


def history_of(row: DisclosureRequest) -> list[RequestEvent]:
    events = list(row.events.select_related("actor"))
    for event in events:
        event.request = row  # share the case file's unwrapped key
    return events


def disclosures_of(case_file: CaseFile, *, client_facing: bool) -> list[DisclosureRecord]:
    """Every disclosure of the case file; `client_facing`: only what the one rule of
    `practice.client_facing` lets the client see (the client's copy)."""
    if client_facing:
        screen = practice_client_facing.screen_for(case_file.record_ref)
        records = screen.rows(datamap.entry_for(DisclosureRecord))
    else:
        records = DisclosureRecord.objects.filter(case_file=case_file)
    records = list(records.select_related("approved_by", "disclosed_by", "request"))
    for record in records:
        record.case_file = case_file
    return records


def requests_with_disclosures(case_file: CaseFile) -> list[DisclosureRequest]:
    """Every request about this case file, newest first, each with its disclosure (or None)."""
    rows = list(
        DisclosureRequest.objects.filter(case_file=case_file)
        .select_related("disclosure", "disclosure__approved_by")
        .order_by("-created_at", "-pk")
    )
    for row in rows:
        row.case_file = case_file
        try:
            record = row.disclosure
        except DisclosureRecord.DoesNotExist:
            record = None
        if record is not None:
            record.case_file = case_file
        row.disclosure_or_none = record
    return rows


def client_names(record_refs: list[str]) -> dict[str, str]:
    """For the therapist's own pages: record reference -> the client's name."""
    clients = Client.objects.filter(record_ref__in=record_refs).only(
        "record_ref", "given_name", "preferred_name", "family_name"
    )
    return {client.record_ref: client.display_name for client in clients}


def client_for(case_file: CaseFile) -> Client | None:
    return Client.objects.filter(record_ref=case_file.record_ref).first()


FINISHED = (Status.CLOSED, Status.WITHDRAWN, Status.DECLINED)


def open_request_holds(case_file: CaseFile) -> list[str]:
    """An open disclosure request holds its case file against disposal (records.holds)."""
    open_requests = DisclosureRequest.objects.filter(case_file=case_file).exclude(
        status__in=FINISHED
    )
    return ["an open disclosure request"] if open_requests.exists() else []


def open_request_holding() -> Q:
    """The case files `open_request_holds` holds, as a filter on CaseFile."""
    open_requests = DisclosureRequest.objects.exclude(status__in=FINISHED)
    return Q(pk__in=open_requests.values("case_file_id"))


def evidence_attachment(kept) -> list[tuple[str, bytes]]:
    """A kept document, as uploaded, for a subject access export (the data map's hook)."""
    from practice import documents

    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
    name = f"disclosure-document-{kept.ref}.{extension.get(kept.content_type, 'bin')}"
    return [(name, documents.from_stored(kept.get_content(), sha256=kept.sha256))]
