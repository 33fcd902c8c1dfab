"""The retention report for the data-protection officer: references and dates, no identity.

What is due, what is held and why, what falls due soon, and what was disposed of in a
period (the tombstones). The admin page and `retention_report` both read this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from records import disposal, holds, retention
from records.models import CaseFile, Tombstone

UPCOMING_DAYS = 90


@dataclass
class RetentionReport:
    today: date
    due: list[disposal.Candidate]  # past retention and not held: may be disposed of now
    held: list[disposal.Candidate]  # under a hold (in force or automatic)
    upcoming: list[CaseFile]  # falling due within UPCOMING_DAYS
    disposed: list[Tombstone]  # in the period asked for
    unfinished: list[Tombstone]  # key destroyed, rows not yet all deleted: run disposal again

    @property
    def upcoming_days(self) -> int:
        return UPCOMING_DAYS


def retention_report(
    *, today: date | None = None, since: date | None = None, until: date | None = None
) -> RetentionReport:
    today = today or timezone.localdate()
    due_or_held = disposal.due_case_files(today=today)
    due_refs = {candidate.case_file.record_ref for candidate in due_or_held}
    held_elsewhere = (
        CaseFile.objects.live()
        .filter(legal_holds__isnull=False, legal_holds__lifted_at__isnull=True)
        .exclude(record_ref__in=due_refs)
        .distinct()
        .order_by("record_ref")
    )
    held = [c for c in due_or_held if c.held_because] + [
        disposal.Candidate(case_file, holds.reasons_for(case_file)) for case_file in held_elsewhere
    ]
    upcoming = [
        candidate.case_file
        for candidate in disposal.due_case_files(today=today, within_days=UPCOMING_DAYS + 1)
        if candidate.case_file.record_ref not in due_refs
    ]
    tombstones = Tombstone.objects.select_related("confirmed_by")
    zone = timezone.get_current_timezone()
    if since:
        tombstones = tombstones.filter(started_at__gte=datetime.combine(since, time.min, zone))
    if until:
        tombstones = tombstones.filter(started_at__lte=datetime.combine(until, time.max, zone))
    return RetentionReport(
        today=today,
        due=[c for c in due_or_held if not c.held_because],
        held=held,
        upcoming=upcoming,
        disposed=[t for t in tombstones.order_by("-started_at") if t.is_complete],
        unfinished=list(
            Tombstone.objects.filter(state=Tombstone.State.SHREDDED).order_by("started_at")
        ),
    )


# -- the admin's overview page: each list a queryset, paged by the view -----------------


def due_files(today: date) -> QuerySet[CaseFile]:
    """Past retention and not held: may be disposed of now (as `due_case_files` splits)."""
    return (
        CaseFile.objects.live()
        .therapy_ended()
        .filter(retain_until__lt=today)
        .exclude(holds.held())
        .order_by("retain_until", "record_ref")
    )


def held_files(today: date) -> QuerySet[CaseFile]:
    """Past retention but held for any reason, and any file under a legal hold."""
    past = Q(closed_on__isnull=False, retain_until__lt=today)
    return (
        CaseFile.objects.live()
        .filter((past & holds.held()) | holds.in_force())
        .order_by(F("retain_until").asc(nulls_last=True), "record_ref")
    )


def age_unknown_files() -> QuerySet[CaseFile]:
    """Closed files whose client's age is not known, not yet confirmed by an admin: held
    from disposal until someone confirms the adult period applies."""
    return (
        CaseFile.objects.live()
        .therapy_ended()
        .filter(retention.age_unknown())
        .order_by("retain_until", "record_ref")
    )


def upcoming_files(today: date) -> QuerySet[CaseFile]:
    horizon = today + timedelta(days=UPCOMING_DAYS + 1)
    return (
        CaseFile.objects.live()
        .therapy_ended()
        .filter(retain_until__gte=today, retain_until__lt=horizon)
        .order_by("retain_until", "record_ref")
    )


def disposed_between(since: date | None, until: date | None) -> QuerySet[Tombstone]:
    tombstones = Tombstone.objects.filter(state=Tombstone.State.COMPLETE)
    zone = timezone.get_current_timezone()
    if since:
        tombstones = tombstones.filter(started_at__gte=datetime.combine(since, time.min, zone))
    if until:
        tombstones = tombstones.filter(started_at__lte=datetime.combine(until, time.max, zone))
    return tombstones.select_related("confirmed_by").order_by("-started_at", "-pk")


def candidates(case_files, *, with_reasons: bool) -> list[disposal.Candidate]:
    """The rows of one page, with the reasons each is held (a page's worth of reads)."""
    return [
        disposal.Candidate(cf, holds.reasons_for(cf) if with_reasons else []) for cf in case_files
    ]
