"""What the subject access actions share: the audit event, a dated fact on the clock, and the
checks on evidence dates and authority. Pieces of actions, never actions themselves."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from practice import audit
from practice.actions import part_of_action
from practice.models import User
from subject_access.models import Authority, ClockEvent, Requester, SubjectAccessRequest


@part_of_action("every subject access action (its audit event)")
def event(action: str, *, actor, sar: SubjectAccessRequest, source: str = "", **details) -> None:
    audit.record(
        action=action,
        actor=actor,
        target_ref=sar.record_ref,
        source=source,
        details={"request": sar.reference, **details},
    )


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


def evidence_dates(
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


def authority_fits(requester: str, authority: str) -> None:
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


def day_words(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"
