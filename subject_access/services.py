"""Every write to a subject access request before compiling: logging it, the identity check,
clarifications, extensions, the reviewer, refusal. One function per action; each locks the
row, asks the state table, and audits in the same transaction.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from practice import audit
from practice.actions import part_of_action
from practice.models import Nation, PracticeProfile, User
from practice.permissions import is_practice_admin, is_therapist
from records.models import CaseFile
from subject_access import deadlines
from subject_access.audit_actions import Action
from subject_access.models import (
    Authority,
    Requester,
    Status,
    SubjectAccessRequest,
)
from subject_access.workflow import SAR_MACHINE

SCOTLAND_PRESUMED_AGE = 12  # Scotland: presumed able to act for themselves from 12


@part_of_action("every subject access action (its audit event)")
def event(action: str, *, actor, sar: SubjectAccessRequest, source: str = "", **details) -> None:
    audit.record(
        action=action,
        actor=actor,
        target_ref=sar.record_ref,
        source=source,
        details={"request": sar.reference, **details},
    )


def _young_person_rules(
    client: Client, *, received_on: date, nation: str, requester: str, competence: str, wishes
):
    age = client.age_on(received_on)
    if requester != Requester.PARENTAL or age is None or age >= 18:
        if competence:
            raise ValidationError(
                {"young_person_competence": "Only for a request made for a young person."}
            )
        return
    if not competence:
        message = "Record whether the young person can decide for themselves, and their wishes."
        if nation == Nation.SCOTLAND and age >= SCOTLAND_PRESUMED_AGE:
            message = (
                "In Scotland a young person of 12 or over is presumed able to act for "
                "themselves: record their view before answering a parent."
            )
        raise ValidationError({"young_person_competence": message})
    if not wishes.strip():
        raise ValidationError({"young_person_wishes": "Record the young person's wishes."})


def sar_log(
    *,
    actor: User,
    client: Client,
    received_on: date,
    channel: str,
    requester: str,
    requester_name: str = "",
    authority: str = "",
    identity_method: str = "",
    identity_verified_on: date | None = None,
    young_person_competence: str = "",
    young_person_wishes: str = "",
) -> SubjectAccessRequest:
    """An admin records a request as it arrived; the clock runs once identity is checked."""
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
        if requester == Requester.PARENTAL and authority != Authority.PARENTAL:
            raise ValidationError(
                {"authority": "Confirm the person's parental responsibility before logging."}
            )
        if requester == Requester.REPRESENTATIVE and authority not in (
            Authority.WRITTEN_CONSENT,
            Authority.POWER_OF_ATTORNEY,
        ):
            raise ValidationError(
                {"authority": "Check and record the authority to act for the client."}
            )
    if identity_method and identity_verified_on is None:
        identity_verified_on = today
    if identity_verified_on and not received_on <= identity_verified_on <= today:
        raise ValidationError(
            {"identity_verified_on": "The identity check date must be between receipt and today."}
        )
    nation = PracticeProfile.load().nation
    _young_person_rules(
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
    with transaction.atomic(durable=True):
        sar = SubjectAccessRequest(
            reviewer=therapist if therapist and is_therapist(therapist) else None,
            record_ref=client.record_ref,
            status=Status.OPEN if identity_method else Status.AWAITING_IDENTITY,
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
            identity_verified_on=identity_verified_on if identity_method else None,
        )
        sar._case_file = case_file
        sar.save()
        sar.set_requester_name(requester_name.strip())
        sar.set_young_person_wishes(young_person_wishes.strip())
        sar.save(update_fields=["requester_name", "young_person_wishes"])
        event(Action.LOGGED, actor=actor, sar=sar, requester=requester)
    return sar


def sar_verify_identity(
    *, actor: User, sar: SubjectAccessRequest, method: str, verified_on: date
) -> SubjectAccessRequest:
    if not sar.received_on <= verified_on <= timezone.localdate():
        raise ValidationError({"verified_on": "The date must be between receipt and today."})
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="verify_identity")
        sar.identity_method = method
        sar.identity_checked_by = actor
        sar.identity_verified_on = verified_on
        sar.save()
        event(Action.IDENTITY_VERIFIED, actor=actor, sar=sar)
    return sar


def sar_request_clarification(
    *, actor: User, sar: SubjectAccessRequest, requested_on: date
) -> SubjectAccessRequest:
    """The clock stops until the answer arrives, then starts again from that day."""
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="request_clarification")
        sar.clarification_requested_on = requested_on
        sar.clarification_received_on = None
        sar.save()
        event(Action.CLARIFICATION_REQUESTED, actor=actor, sar=sar)
    return sar


def sar_receive_clarification(
    *, actor: User, sar: SubjectAccessRequest, received_on: date
) -> SubjectAccessRequest:
    if sar.clarification_requested_on and received_on < sar.clarification_requested_on:
        raise ValidationError({"received_on": "The answer cannot arrive before it was asked."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date cannot be in the future."})
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="receive_clarification")
        sar.clarification_received_on = received_on
        sar.save()
        event(Action.CLARIFICATION_RECEIVED, actor=actor, sar=sar)
    return sar


def sar_extend(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    months: int,
    reason: str,
    told_on: date,
) -> SubjectAccessRequest:
    """Up to two further months in all, decided and told to the person within the first."""
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="extend")
        first_due = sar.first_month_due_on
        if first_due is None:
            raise ValidationError("The clock has not started yet, so there is nothing to extend.")
        if sar.extension_months + months > deadlines.MAX_EXTENSION_MONTHS or months < 1:
            raise ValidationError(
                {"months": "An extension can add at most two further months in all."}
            )
        today = timezone.localdate()
        if today > first_due or told_on > first_due:
            raise ValidationError(
                f"An extension must be decided and told to the person within the first "
                f"month, by {first_due:%-d %B %Y}; that has passed."
            )
        if not sar.received_on <= told_on <= today:
            raise ValidationError({"told_on": "The date must be between receipt and today."})
        sar.extension_months += months
        sar.extension_reason = reason
        sar.extension_told_on = told_on
        sar.save()
        event(Action.EXTENDED, actor=actor, sar=sar, months=sar.extension_months)
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


def sar_refuse(*, actor: User, sar: SubjectAccessRequest, exemption: str) -> SubjectAccessRequest:
    if not exemption:
        raise ValidationError({"exemption": "Name the exemption the refusal relies on."})
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="refuse")
        sar.exemption = exemption
        sar.refused_at = timezone.now()
        sar.save()
        event(Action.REFUSED, actor=actor, sar=sar, exemption=exemption)
    return sar
