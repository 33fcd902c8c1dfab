"""The admin's desk: everything open at the data-protection desk in one list (subject access
requests, complaints, rectification requests, objections, restrictions, breaches), ordered by
the nearest statutory deadline, each with the time left (days, or hours for a breach's 72 hours) and
what is needed next.

A deadline is a moment, so days and hours sort together: a day's deadline is the end of that
day in the practice's time zone. What has no running statutory clock (a complaint after its
acknowledgement, a stopped subject access clock, a breach reported or decided not to report)
comes after everything dated, oldest first. The desk reads each kind's own list once, so its
queries do not grow with the number of items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from practice.models import User
from rights import (
    breach_selectors,
    permissions,
    rectification_selectors,
    restriction_selectors,
    selectors,
)
from subject_access import selectors as sar_selectors
from subject_access.models import Status as SarStatus

SAR_NEXT = {
    SarStatus.AWAITING_IDENTITY: "Get the evidence of identity or authority",
    SarStatus.OPEN: "Compile the answer",
    SarStatus.AWAITING_CLARIFICATION: "Wait for the clarification asked for",
    SarStatus.AWAITING_FEE: "Wait for the fee asked for",
    SarStatus.COMPILING: "Wait for the compile to finish",
    SarStatus.IN_REVIEW: "The therapist reviews the answer",
    SarStatus.REVIEWED: "Release the answer",
}


@dataclass(frozen=True)
class DeskItem:
    kind: str
    reference: str
    url_name: str
    ref: object
    deadline: datetime | None  # the statutory deadline as a moment; None: no running clock
    deadline_words: str  # what the deadline is, e.g. "Acknowledge by Tue 1 Dec 2026"
    left: str  # "3 days left", "Overdue by 2 days", "40 hours left", or a stopped clock
    overdue: bool
    soon: bool
    next_step: str
    started: datetime  # when it arrived or was found, for the undated ones' order


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _days(left: int) -> tuple[str, bool, bool]:
    if left < 0:
        return f"Overdue by {-left} day{'s' if left != -1 else ''}", True, False
    return f"{left} day{'s' if left != 1 else ''} left", False, left <= 7


def _sar_items(actor: User, today: date) -> list[DeskItem]:
    rows, _closed = sar_selectors.dashboard(actor, today=today)
    items = []
    for row in rows:
        if row.clock_stopped:
            left, overdue, soon = (
                "Paused: clarification awaited" if row.paused else "Clock stopped",
                False,
                False,
            )
            words = "No due date while the clock is stopped"
        else:
            left, overdue, soon = _days(row.days_left)
            words = f"Answer by {row.due_on:%a} {row.due_on.day} {row.due_on:%b %Y}"
        items.append(
            DeskItem(
                kind="Subject access request",
                reference=row.sar.reference,
                url_name="sar_detail",
                ref=row.sar.ref,
                deadline=None if row.clock_stopped else _end_of(row.due_on),
                deadline_words=words,
                left=left,
                overdue=overdue,
                soon=soon,
                next_step=SAR_NEXT.get(row.sar.status, row.sar.get_status_display()),
                started=_start_of(row.sar.received_on),
            )
        )
    return items


def _complaint_items(actor: User, today: date) -> list[DeskItem]:
    rows, _closed = selectors.desk(actor, today=today)
    items = []
    for row in rows:
        ack = row.acknowledgement
        if ack.done:
            left, overdue, soon = (
                "Acknowledged: no fixed deadline, without undue delay",
                False,
                False,
            )
            deadline, words = None, "Outcome without undue delay"
        else:
            left, overdue, soon = _days(ack.days_left)
            deadline = _end_of(ack.due_on)
            words = f"Acknowledge by {ack.due_on:%a} {ack.due_on.day} {ack.due_on:%b %Y}"
        items.append(
            DeskItem(
                kind="Complaint",
                reference=row.complaint.reference,
                url_name="complaint_detail",
                ref=row.complaint.ref,
                deadline=deadline,
                deadline_words=words,
                left=left,
                overdue=overdue,
                soon=soon,
                next_step=row.next_step,
                started=_start_of(row.complaint.received_on),
            )
        )
    return items


def _breach_items(actor: User, now: datetime) -> list[DeskItem]:
    rows = breach_selectors.open_breaches(actor, now=now)
    items = []
    for row in rows:
        clock = row.clock
        if clock.running:
            due = timezone.localtime(clock.due_at)
            words = f"Report to the ICO by {due:%a} {due.day} {due:%b %Y, %H:%M}"
            if clock.late:
                hours = clock.hours_late
                left, overdue, soon = (
                    f"Overdue by {hours} hour{'s' if hours != 1 else ''}",
                    True,
                    False,
                )
            else:
                hours = clock.hours_left
                left, overdue = f"{hours} hour{'s' if hours != 1 else ''} left", False
                soon = hours < 24
            deadline = clock.due_at
        else:
            words = "Reported to the ICO" if clock.done else "Not reported: decision kept"
            if clock.late:
                hours = clock.hours_late
                left = f"Reported {hours} hour{'s' if hours != 1 else ''} late"
            else:
                left = "Reported in time" if clock.done else "Clock stopped"
            overdue, soon, deadline = clock.late, False, None
        items.append(
            DeskItem(
                kind="Personal-data breach",
                reference=row.breach.reference,
                url_name="breach_detail",
                ref=row.breach.ref,
                deadline=deadline,
                deadline_words=words,
                left=left,
                overdue=overdue,
                soon=soon,
                next_step=row.next_step,
                started=row.breach.discovered_at,
            )
        )
    return items


def _rectification_items(actor: User, today: date) -> list[DeskItem]:
    items = []
    for row in rectification_selectors.open_requests(actor, today=today):
        due = row.clock.due_on
        left, overdue, soon = _days((due - today).days)
        items.append(
            DeskItem(
                kind="Rectification request",
                reference=row.rectification.reference,
                url_name="rectification_detail",
                ref=row.rectification.ref,
                deadline=_end_of(due),
                deadline_words=f"Answer by {due:%a} {due.day} {due:%b %Y}",
                left=left,
                overdue=overdue,
                soon=soon,
                next_step=row.next_step,
                started=_start_of(row.rectification.received_on),
            )
        )
    return items


def _objection_items(actor: User, today: date) -> list[DeskItem]:
    items = []
    for objection, clock in rectification_selectors.open_objections(actor, today=today):
        due = clock.due_on
        left, overdue, soon = _days((due - today).days)
        items.append(
            DeskItem(
                kind="Objection to processing",
                reference=objection.reference,
                url_name="objection_detail",
                ref=objection.ref,
                deadline=_end_of(due),
                deadline_words=f"Answer by {due:%a} {due.day} {due:%b %Y}",
                left=left,
                overdue=overdue,
                soon=soon,
                next_step="Decide it and send the outcome letter",
                started=_start_of(objection.received_on),
            )
        )
    return items


def _erasure_items(actor: User, today: date) -> list[DeskItem]:
    """Erasure requests to decide (on the clock), and granted ones still to carry out (the
    answer was given in time or not, but the record is still here: shown by the same due
    day, so a forgotten erasure stays at the top once overdue)."""
    items = []
    for erasure, clock in rectification_selectors.open_erasures(actor, today=today):
        due = clock.due_on
        left, overdue, soon = _days((due - today).days)
        items.append(
            DeskItem(
                kind="Erasure request",
                reference=erasure.reference,
                url_name="erasure_detail",
                ref=erasure.ref,
                deadline=_end_of(due),
                deadline_words=f"Answer by {due:%a} {due.day} {due:%b %Y}",
                left=left,
                overdue=overdue,
                soon=soon,
                next_step=rectification_selectors.ERASURE_NEXT_STEP[erasure.status],
                started=_start_of(erasure.received_on),
            )
        )
    return items


def _restriction_items(actor: User, today: date) -> list[DeskItem]:
    """Requests to apply, on their clock; then those in force, with no clock, each waiting
    for the notice to the client (Art. 18(3)) before it can be lifted."""
    items = []
    for restriction, clock in restriction_selectors.open_restrictions(actor, today=today):
        if clock is not None:
            due = clock.due_on
            left, overdue, soon = _days((due - today).days)
            deadline, words = _end_of(due), f"Answer by {due:%a} {due.day} {due:%b %Y}"
            next_step = "Apply the restriction and send the letter"
        else:
            since = restriction.applied_on
            left, overdue, soon = f"In force since {since.day} {since:%b %Y}", False, False
            deadline, words = None, "No deadline while in force"
            next_step = "When it is to end: send the notice, then lift it"
        items.append(
            DeskItem(
                kind="Restriction of processing",
                reference=restriction.reference,
                url_name="restriction_request_detail",
                ref=restriction.ref,
                deadline=deadline,
                deadline_words=words,
                left=left,
                overdue=overdue,
                soon=soon,
                next_step=next_step,
                started=_start_of(restriction.received_on),
            )
        )
    return items


def desk(actor: User, *, now: datetime | None = None) -> list[DeskItem]:
    """Everything open, the nearest statutory deadline first (overdue ones are nearest)."""
    if not permissions.may_handle_complaints(actor):
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    items = [
        *_sar_items(actor, today),
        *_complaint_items(actor, today),
        *_rectification_items(actor, today),
        *_objection_items(actor, today),
        *_erasure_items(actor, today),
        *_restriction_items(actor, today),
        *_breach_items(actor, now),
    ]
    far = now + timedelta(days=3650)
    return sorted(
        items, key=lambda item: (item.deadline is None, item.deadline or far, item.started)
    )
