"""The retention report for the data-protection officer: references and dates, no identity.

What is due, what is held and why, what falls due soon, and what was disposed of in a
period (the tombstones). The admin page and `retention_report` both read this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from records import disposal, holds
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
        CaseFile.objects.filter(legal_holds__isnull=False, legal_holds__lifted_at__isnull=True)
        .exclude(wrapped_key="")
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
