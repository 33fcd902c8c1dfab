"""Logging a subject access request and assigning its reviewer."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from practice.models import PracticeProfile, User
from practice.permissions import is_practice_admin, is_therapist
from records.models import CaseFile
from subject_access import children
from subject_access.audit_actions import Action
from subject_access.deadlines import FactKind
from subject_access.models import Requester, Status, SubjectAccessRequest
from subject_access.services.common import authority_fits, clock_event, event, evidence_dates
from subject_access.workflow import SAR_MACHINE


def sar_log(
    *,
    actor: User,
    client: Client,
    received_on: date,
    channel: str,
    requester: str,
    requester_name: str = "",
    authority: str = "",
    authority_received_on: date | None = None,
    authority_confirmed_on: date | None = None,
    identity_method: str = "",
    identity_received_on: date | None = None,
    identity_confirmed_on: date | None = None,
    young_person_competence: str = "",
    young_person_wishes: str = "",
) -> SubjectAccessRequest:
    """An admin records a request as it arrived, with whatever identity or authority evidence
    is already in. The clock starts on the latest day one of them arrived (UK GDPR Art. 12A;
    DPA 2018 s.54(3); the ICO's guidance for authority); until then it waits, and the page
    says for what."""
    if not is_practice_admin(actor):
        raise ValidationError("Only an admin can log a subject access request.")
    today = timezone.localdate()
    if received_on > today:
        raise ValidationError({"received_on": "The day received cannot be in the future."})
    if requester == Requester.CLIENT:
        if requester_name.strip() or authority:
            raise ValidationError({"authority": "No authority is needed when the client asks."})
    else:
        if not requester_name.strip():
            raise ValidationError({"requester_name": "Give the name of the person asking."})
        if authority:
            authority_fits(requester, authority)
            authority_received_on = authority_received_on or received_on
            evidence_dates(
                "authority",
                request_received_on=received_on,
                arrived_on=authority_received_on,
                confirmed_on=authority_confirmed_on or today,
                today=today,
            )
    if identity_method:
        identity_received_on = identity_received_on or received_on
        evidence_dates(
            "identity",
            request_received_on=received_on,
            arrived_on=identity_received_on,
            confirmed_on=identity_confirmed_on or today,
            today=today,
        )
    nation = PracticeProfile.load().nation
    children.young_person_rules(
        client,
        received_on=received_on,
        nation=nation,
        requester=requester,
        competence=young_person_competence,
        wishes=young_person_wishes,
    )
    case_file = CaseFile.objects.live().filter(record_ref=client.record_ref).first()
    if case_file is None:  # no row, or a disposal under way: nothing is left to send
        raise ValidationError(
            "This client's records have been disposed of: there is nothing left to send. "
            "Tell the person so in writing."
        )
    therapist = User.objects.filter(pk=client.therapist_id, is_active=True).first()
    evidence_in = bool(identity_method) and (requester == Requester.CLIENT or bool(authority))
    with transaction.atomic(durable=True):
        sar = SubjectAccessRequest(
            reviewer=therapist if therapist and is_therapist(therapist) else None,
            record_ref=client.record_ref,
            status=Status.OPEN if evidence_in else Status.AWAITING_IDENTITY,
            nation=nation,
            received_on=received_on,
            channel=channel,
            requester=requester,
            authority=authority,
            young_person_competence=young_person_competence,
            logged_by=actor,
            logged_at=timezone.now(),
            identity_method=identity_method,
            identity_checked_by=actor if identity_method else None,
        )
        sar._case_file = case_file
        sar.save()
        sar.set_requester_name(requester_name.strip())
        sar.set_young_person_wishes(young_person_wishes.strip())
        sar.save(update_fields=["requester_name", "young_person_wishes"])
        if identity_method:
            clock_event(
                actor=actor,
                sar=sar,
                kind=FactKind.IDENTITY,
                on=identity_received_on,
                confirmed_on=identity_confirmed_on or today,
            )
        if authority:
            clock_event(
                actor=actor,
                sar=sar,
                kind=FactKind.AUTHORITY,
                on=authority_received_on,
                confirmed_on=authority_confirmed_on or today,
            )
        event(Action.LOGGED, actor=actor, sar=sar, requester=requester)
    return sar


def sar_assign_reviewer(
    *, actor: User, sar: SubjectAccessRequest, reviewer: User
) -> SubjectAccessRequest:
    """The client's therapist reviews by default; when they have left, the admin assigns one."""
    if not (reviewer.is_active and is_therapist(reviewer)):
        raise ValidationError({"reviewer": "Choose an active therapist."})
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="assign_reviewer")
        sar.reviewer = reviewer
        sar.save()
        event(
            Action.REVIEWER_ASSIGNED,
            actor=actor,
            sar=sar,
            reviewer=str(reviewer.ref),
        )
    return sar
