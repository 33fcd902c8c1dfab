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
from subject_access.deadlines import FactKind
from subject_access.models import (
    Authority,
    ClockEvent,
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


def _evidence_dates(
    field: str, *, request_received_on: date, arrived_on: date, confirmed_on: date, today: date
) -> None:
    """Evidence arrives on or after the request and is confirmed on or after it arrives."""
    if not request_received_on <= arrived_on <= today:
        raise ValidationError(
            {f"{field}_received_on": "The day it arrived must be between receipt and today."}
        )
    if not arrived_on <= confirmed_on <= today:
        raise ValidationError(
            {
                f"{field}_confirmed_on": "The day it was confirmed must be between its arrival "
                "and today."
            }
        )


def _authority_fits(requester: str, authority: str) -> None:
    if requester == Requester.PARENTAL and authority != Authority.PARENTAL:
        raise ValidationError(
            {"authority": "For a parent, the evidence is their parental responsibility."}
        )
    if requester == Requester.REPRESENTATIVE and authority not in (
        Authority.WRITTEN_CONSENT,
        Authority.POWER_OF_ATTORNEY,
    ):
        raise ValidationError(
            {
                "authority": "For a representative, the evidence is the client's signed "
                "authority, a power of attorney or a court order."
            }
        )


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
            _authority_fits(requester, authority)
            authority_received_on = authority_received_on or received_on
            _evidence_dates(
                "authority",
                request_received_on=received_on,
                arrived_on=authority_received_on,
                confirmed_on=authority_confirmed_on or today,
                today=today,
            )
    if identity_method:
        identity_received_on = identity_received_on or received_on
        _evidence_dates(
            "identity",
            request_received_on=received_on,
            arrived_on=identity_received_on,
            confirmed_on=identity_confirmed_on or today,
            today=today,
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


@part_of_action("every subject access action that records a date on the clock")
def clock_event(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    kind: str,
    on: date,
    confirmed_on: date | None = None,
    months: int = 0,
    extension_reason: str = "",
    reason: str = "",
) -> ClockEvent:
    event_row = ClockEvent(
        request=sar,
        kind=kind,
        on=on,
        confirmed_on=confirmed_on,
        months=months,
        extension_reason=extension_reason,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    event_row.save()
    if reason:
        event_row.set_reason(reason)
        event_row.save(update_fields=["reason"])
    return event_row


def _start_clock_when_evidence_is_in(*, actor: User, sar: SubjectAccessRequest):
    """Once nothing the clock waits for is missing, the request opens and the month runs
    from the latest arrival (not from today)."""
    if sar.clock().awaiting:
        return sar
    sar = SAR_MACHINE.locked_move(sar, actor=actor, action="start_clock")
    sar.save()
    event(Action.CLOCK_STARTED, actor=actor, sar=sar, started_on=str(sar.clock_start))
    return sar


def sar_verify_identity(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    method: str,
    received_on: date,
    confirmed_on: date,
) -> SubjectAccessRequest:
    """The identity information asked for arrived (`received_on`: the clock may start from
    then) and staff confirmed it (`confirmed_on`)."""
    _evidence_dates(
        "identity",
        request_received_on=sar.received_on,
        arrived_on=received_on,
        confirmed_on=confirmed_on,
        today=timezone.localdate(),
    )
    if sar.identity_event is not None:
        raise ValidationError("The requester's identity has already been checked.")
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="verify_identity")
        sar.identity_method = method
        sar.identity_checked_by = actor
        sar.save()
        clock_event(
            actor=actor, sar=sar, kind=FactKind.IDENTITY, on=received_on, confirmed_on=confirmed_on
        )
        event(Action.IDENTITY_VERIFIED, actor=actor, sar=sar)
        sar = _start_clock_when_evidence_is_in(actor=actor, sar=sar)
    return sar


def sar_confirm_authority(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    authority: str,
    received_on: date,
    confirmed_on: date,
) -> SubjectAccessRequest:
    """Evidence that the person asking may act for the client arrived and was checked; the
    clock may start from the day it arrived (the ICO's right of access guidance)."""
    if not sar.needs_authority:
        raise ValidationError("The client asked for themselves: no authority is needed.")
    _authority_fits(sar.requester, authority)
    _evidence_dates(
        "authority",
        request_received_on=sar.received_on,
        arrived_on=received_on,
        confirmed_on=confirmed_on,
        today=timezone.localdate(),
    )
    if sar.authority_event is not None:
        raise ValidationError("The authority to act has already been confirmed.")
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="confirm_authority")
        sar.authority = authority
        sar.save()
        clock_event(
            actor=actor, sar=sar, kind=FactKind.AUTHORITY, on=received_on, confirmed_on=confirmed_on
        )
        event(Action.AUTHORITY_CONFIRMED, actor=actor, sar=sar, authority=authority)
        sar = _start_clock_when_evidence_is_in(actor=actor, sar=sar)
    return sar


def _day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def sar_request_clarification(
    *, actor: User, sar: SubjectAccessRequest, requested_on: date, why_needed: str
) -> SubjectAccessRequest:
    """The clock pauses from the day the practice asks (UK GDPR Art. 12A; DPA 2018
    s.54(3C)). Only where more information is reasonably required to identify what is asked
    for (s.54(3D): a large amount held, say), never as a blanket step: the reason is kept."""
    why_needed = why_needed.strip()
    if not why_needed:
        raise ValidationError(
            {
                "why_needed": "Say why more information is needed to find what the person is "
                "asking for. A clarification may not be asked as a routine step to pause the "
                "clock."
            }
        )
    today = timezone.localdate()
    if requested_on > today:
        raise ValidationError({"requested_on": "The day asked cannot be in the future."})
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="request_clarification")
        clock = sar.clock()
        if not clock.started:
            raise ValidationError("The clock has not started yet, so there is nothing to pause.")
        if requested_on < clock.started_on:
            raise ValidationError(
                {
                    "requested_on": "The clock started on "
                    f"{_day(clock.started_on)}: a pause cannot begin before that."
                }
            )
        last = clock.pauses[-1] if clock.pauses else None
        if last and requested_on <= last.answered_on:
            raise ValidationError(
                {
                    "requested_on": "The last clarification arrived on "
                    f"{_day(last.answered_on)}: a new pause must begin after that day."
                }
            )
        if requested_on > clock.due_on:
            raise ValidationError(
                {
                    "requested_on": f"The time limit ended on {_day(clock.due_on)}: a "
                    "clarification asked after that cannot pause it."
                }
            )
        sar.save()
        clock_event(
            actor=actor,
            sar=sar,
            kind=FactKind.CLARIFICATION_ASKED,
            on=requested_on,
            reason=why_needed,
        )
        event(Action.CLARIFICATION_REQUESTED, actor=actor, sar=sar)
    return sar


def sar_receive_clarification(
    *, actor: User, sar: SubjectAccessRequest, received_on: date
) -> SubjectAccessRequest:
    """The clock runs again from the day after the answer arrives; the days already used
    before the pause stay used (Art. 12A; s.54(3C))."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date cannot be in the future."})
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="receive_clarification")
        asked_on = sar.clock().paused_since
        if asked_on and received_on < asked_on:
            raise ValidationError(
                {
                    "received_on": "A pause cannot end before it starts: the clarification "
                    f"was asked for on {_day(asked_on)}."
                }
            )
        sar.save()
        clock_event(actor=actor, sar=sar, kind=FactKind.CLARIFICATION_RECEIVED, on=received_on)
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
    """Up to two further months in all, told to the person with the reasons before the end
    of the first month, paused days not counting (Art. 12A; s.54(3A), (3B), (3C))."""
    today = timezone.localdate()
    if told_on > today:
        raise ValidationError({"told_on": "The day told cannot be in the future."})
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="extend")
        clock = sar.clock()
        if not clock.started:
            raise ValidationError("The clock has not started yet, so there is nothing to extend.")
        if clock.extension_months + months > deadlines.MAX_EXTENSION_MONTHS or months < 1:
            raise ValidationError(
                {"months": "An extension can add at most two further months in all."}
            )
        notice_by = clock.extension_notice_by(through=today)
        if today > notice_by or told_on > notice_by:
            raise ValidationError(
                "An extension must be decided and told to the person within the first "
                f"month, paused days not counting: by {_day(notice_by)}. That has passed."
            )
        if told_on < clock.started_on:
            raise ValidationError(
                {"told_on": "The day told must be on or after the day the clock started."}
            )
        sar.save()
        clock_event(
            actor=actor,
            sar=sar,
            kind=FactKind.EXTENDED,
            on=told_on,
            months=months,
            extension_reason=reason,
        )
        event(Action.EXTENDED, actor=actor, sar=sar, months=clock.extension_months + months)
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
