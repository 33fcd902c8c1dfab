"""The retention report for the data-protection officer: references and dates, no identity."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from records.report import retention_report


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from error


class Command(BaseCommand):
    help = (
        "List, without identity, the case files due for disposal, those held and why, those "
        "falling due soon, and those disposed of in a period (with their tombstones)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", default="", help="Disposed of on or after (YYYY-MM-DD).")
        parser.add_argument("--until", default="", help="Disposed of on or before (YYYY-MM-DD).")

    def handle(self, *args, since: str, until: str, **options):
        report = retention_report(
            since=_date(since) if since else None, until=_date(until) if until else None
        )
        write = self.stdout.write
        write(f"Retention report, {report.today:%d %B %Y}")
        write(f"\nDue for disposal now: {len(report.due)}")
        for candidate in report.due:
            write(f"  {candidate.case_file.record_ref}  {candidate.why}")
        write(f"\nHeld: {len(report.held)}")
        for candidate in report.held:
            write(f"  {candidate.case_file.record_ref}  {'; '.join(candidate.held_because)}")
        write(f"\nFalling due in the next {report.upcoming_days} days: {len(report.upcoming)}")
        for case_file in report.upcoming:
            write(f"  {case_file.record_ref}  from {case_file.disposal_due_on:%d %b %Y}")
        if report.unfinished:
            write(f"\nUnfinished disposals (run dispose_due --confirm): {len(report.unfinished)}")
            for tombstone in report.unfinished:
                write(f"  {tombstone.record_ref}  key destroyed {tombstone.started_at:%d %b %Y}")
        write(f"\nDisposed of: {len(report.disposed)}")
        for tombstone in report.disposed:
            write(
                f"  {tombstone.record_ref}  {tombstone.completed_at:%d %b %Y}  "
                f"by {tombstone.confirmed_by.get_username()}  {tombstone.policy_applied}  "
                f"{tombstone.rows_destroyed} rows"
            )
