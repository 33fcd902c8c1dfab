"""Reads for the breach register's pages, scoped to the person asking; no side effects.

Case files a breach touched are picked from the list of case files by record reference, or
found in the audit trail: the record references one staff member's events of one kind named
within a time window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.utils import timezone

from practice.models import AuditEvent, User
from records.models import CaseFile
from rights import breach_clock, permissions
from rights.models import Breach, BreachStatus

CANDIDATES_MAX = 200


def breaches_for(actor: User) -> QuerySet[Breach]:
    if not permissions.may_handle_breaches(actor):
        return Breach.objects.none()
    return Breach.objects.all()


def breach_for(actor: User, ref) -> Breach | None:
    return breaches_for(actor).filter(ref=ref).first()


@dataclass(frozen=True)
class BreachRow:
    breach: Breach
    clock: breach_clock.IcoClock
    records: int

    @property
    def next_step(self) -> str:
        breach = self.breach
        if breach.status == BreachStatus.RECORDED:
            return "Assess the risk and decide whether to report it"
        if breach.status == BreachStatus.ASSESSED:
            return (
                "Report it to the ICO"
                if breach.notify_ico
                else "Confirm the decision not to report"
            )
        if breach.notify_people and breach.people_notified_on is None:
            return "Tell the people affected"
        if not breach.remediation:
            return "Record what was done"
        return "Close it"

    @property
    def sort_key(self) -> tuple:
        # A running clock first, nearest deadline first; then the rest by discovery.
        return (not self.clock.running, self.clock.due_at)


def open_breaches(actor: User, *, now: datetime | None = None) -> list[BreachRow]:
    """Open breaches with their ICO clock, nearest deadline first, in one query."""
    now = now or timezone.now()
    rows = [
        BreachRow(breach, breach.ico_clock(as_of=now), breach.record_count)
        for breach in breaches_for(actor)
        .exclude(status=BreachStatus.CLOSED)
        .annotate(record_count=Count("records"))
    ]
    rows.sort(key=lambda row: row.sort_key)
    return rows


def register(
    actor: User, *, now: datetime | None = None
) -> tuple[list[BreachRow], QuerySet[Breach]]:
    """The register: the open breaches (`open_breaches`) and the closed ones, newest first
    (a queryset, unread, for the page to read one page of)."""
    closed = breaches_for(actor).filter(status=BreachStatus.CLOSED).order_by("-closed_on", "-pk")
    return open_breaches(actor, now=now), closed


def case_files_to_pick(actor: User) -> list[str]:
    """Every live case file's record reference, for the admin to pick from."""
    if not permissions.may_handle_breaches(actor):
        return []
    return list(CaseFile.objects.live().order_by("record_ref").values_list("record_ref", flat=True))


def staff_in_the_trail(actor: User) -> QuerySet[User]:
    if not permissions.may_handle_breaches(actor):
        return User.objects.none()
    return User.objects.order_by("username")


def records_in_the_trail(
    actor: User,
    *,
    staff: User | None,
    start: datetime,
    end: datetime,
    action: str = "",
) -> list[str]:
    """The case files whose record reference the audit trail names for these events: by
    whom (or anyone), between `start` and `end`, of one action (or any)."""
    if not permissions.may_handle_breaches(actor):
        return []
    events = AuditEvent.objects.filter(created_at__gte=start, created_at__lte=end)
    if staff is not None:
        events = events.filter(actor=staff)
    if action:
        events = events.filter(action=action)
    named = set(events.values_list("target_ref", flat=True).distinct()[: CANDIDATES_MAX * 5])
    return sorted(
        CaseFile.objects.live()
        .filter(record_ref__in=named)
        .values_list("record_ref", flat=True)[:CANDIDATES_MAX]
    )
