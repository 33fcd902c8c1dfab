"""The clock's actions: identity and authority evidence arriving, clarifications pausing it,
extensions. Each records a dated fact (`ClockEvent`); the dates are computed from them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from practice.models import User
from subject_access import deadlines
from subject_access.audit_actions import Action
from subject_access.deadlines import FactKind
from subject_access.models import MAX_FEE_PENCE, LetterKind, SubjectAccessRequest
from subject_access.services.common import (
    authority_fits,
    clock_event,
    day_words,
    event,
    evidence_dates,
)
from subject_access.services.letters import keep_letter
from subject_access.workflow import SAR_MACHINE


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
    evidence_dates(
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
    authority_fits(sar.requester, authority)
    evidence_dates(
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
                    f"{day_words(clock.started_on)}: a pause cannot begin before that."
                }
            )
        last = clock.pauses[-1] if clock.pauses else None
        if last and requested_on <= last.answered_on:
            raise ValidationError(
                {
                    "requested_on": "The last clarification arrived on "
                    f"{day_words(last.answered_on)}: a new pause must begin after that day."
                }
            )
        if requested_on > clock.due_on:
            raise ValidationError(
                {
                    "requested_on": f"The time limit ended on {day_words(clock.due_on)}: a "
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
        keep_letter(actor=actor, sar=sar, kind=LetterKind.CLARIFICATION, dated=requested_on)
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
                    f"was asked for on {day_words(asked_on)}."
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
    why: str,
    told_on: date,
) -> SubjectAccessRequest:
    """Up to two further months in all, told to the person with the reasons before the end
    of the first month, paused days not counting (Art. 12A; s.54(3A), (3B), (3C)). The notice
    that tells them (with `why`, in their words) is kept with the request."""
    why = why.strip()
    if not why:
        raise ValidationError(
            {"why": "Give the reasons, as the person will read them: the notice must say why."}
        )
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
                f"month, paused days not counting: by {day_words(notice_by)}. That has passed."
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
            reason=why,
        )
        event(Action.EXTENDED, actor=actor, sar=sar, months=clock.extension_months + months)
        keep_letter(actor=actor, sar=sar, kind=LetterKind.EXTENSION, dated=told_on)
    return sar


def sar_ask_fee(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    amount_pence: int,
    asked_on: date,
    basis: str,
    evidence: str,
) -> SubjectAccessRequest:
    """A reasonable fee for a manifestly unfounded or excessive request, instead of refusing
    it (UK GDPR Art. 12(5)(a)): asked for promptly, within the first month, with what shows
    the request is such and how the amount follows from the administrative costs. The month
    then waits for the fee (the ICO's right of access guidance). Otherwise no fee is ever
    charged: the right of access is free, health records included."""
    basis, evidence = basis.strip(), evidence.strip()
    if not evidence:
        raise ValidationError(
            {
                "evidence": "Record what shows the request is manifestly unfounded or "
                "excessive (UK GDPR Art. 12(5)): the practice must be able to show it."
            }
        )
    if not basis:
        raise ValidationError(
            {"basis": "Say how the amount follows from the administrative costs of answering."}
        )
    if not 1 <= amount_pence <= MAX_FEE_PENCE:
        raise ValidationError({"amount": f"A fee is between £0.01 and £{MAX_FEE_PENCE // 100:,}."})
    if asked_on > timezone.localdate():
        raise ValidationError({"asked_on": "The day asked cannot be in the future."})
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="ask_fee")
        if sar.event_on(FactKind.FEE_ASKED) is not None:
            raise ValidationError("A fee has already been asked for this request.")
        clock = sar.clock()
        if asked_on < clock.started_on:
            raise ValidationError(
                {"asked_on": "The fee cannot be asked for before the request's month began."}
            )
        notice_by = clock.extension_notice_by()
        if asked_on > notice_by:
            raise ValidationError(
                {
                    "asked_on": "A fee must be asked for promptly, within the first month: by "
                    f"{day_words(notice_by)}."
                }
            )
        sar.fee_pence = amount_pence
        sar.set_fee_basis(basis)
        sar.set_fee_evidence(evidence)
        sar.save()
        clock_event(actor=actor, sar=sar, kind=FactKind.FEE_ASKED, on=asked_on)
        event(Action.FEE_ASKED, actor=actor, sar=sar, pence=amount_pence)
        keep_letter(actor=actor, sar=sar, kind=LetterKind.FEE, dated=asked_on)
    return sar


def sar_receive_fee(
    *, actor: User, sar: SubjectAccessRequest, received_on: date
) -> SubjectAccessRequest:
    """The fee arrived: the month begins on that day."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date cannot be in the future."})
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="receive_fee")
        asked = sar.event_on(FactKind.FEE_ASKED)
        if received_on < asked.on:
            raise ValidationError(
                {
                    "received_on": "The fee cannot arrive before it was asked for, on "
                    f"{day_words(asked.on)}."
                }
            )
        sar.save()
        clock_event(actor=actor, sar=sar, kind=FactKind.FEE_RECEIVED, on=received_on)
        event(Action.FEE_RECEIVED, actor=actor, sar=sar)
        event(Action.CLOCK_STARTED, actor=actor, sar=sar, started_on=str(sar.clock_start))
    return sar
