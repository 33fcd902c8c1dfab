"""List (--dry-run) or dispose of (--confirm) every case file past its retention date."""

from django.core.management.base import CommandError

from practice.management.acting import ActingCommand
from practice.models import User
from practice.permissions import is_practice_admin
from records import disposal, selectors


class Command(ActingCommand):
    help = (
        "Dispose of case files whose retention period has ended: --dry-run lists what is due "
        "and why; --confirm --by <admin username> destroys each file's key, then every row, "
        "leaving a tombstone. Held files are never disposed of. Finishes interrupted runs."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="List only; change nothing.")
        mode.add_argument("--confirm", action="store_true", help="Dispose of what is due.")
        parser.add_argument("--by", default="", help="Username of the admin who confirms.")

    def handle(self, *args, dry_run: bool, confirm: bool, by: str, **options):
        candidates = disposal.due_case_files()
        unfinished = selectors.refs_being_disposed()
        for ref in unfinished:
            self.stdout.write(f"UNFINISHED {ref}: key already destroyed; rows left to delete")
        for candidate in candidates:
            ref = candidate.case_file.record_ref
            if candidate.held_because:
                self.stdout.write(f"HELD  {ref}: {'; '.join(candidate.held_because)}")
            else:
                self.stdout.write(f"DUE   {ref}: {candidate.why}")
        due = [c for c in candidates if not c.held_because]
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(due)} due, {len(candidates) - len(due)} held, "
                f"{len(unfinished)} unfinished. Nothing was changed."
            )
            return
        actor = User.objects.filter(username=by, is_active=True).first() if by else None
        if actor is None or not is_practice_admin(actor):
            raise CommandError("--confirm needs --by <username> of an active admin.")
        outcomes = disposal.dispose_due(actor=actor)
        for outcome in outcomes:
            if outcome.refused:
                self.stdout.write(f"REFUSED {outcome.record_ref}: {outcome.refused}")
            else:
                tombstone = outcome.tombstone
                self.stdout.write(
                    f"DISPOSED {outcome.record_ref}: key destroyed, "
                    f"{tombstone.rows_destroyed} rows deleted "
                    f"({', '.join(f'{k} {v}' for k, v in sorted(tombstone.counts.items()))}); "
                    f"policy: {tombstone.policy_applied}"
                )
        disposed = sum(1 for outcome in outcomes if outcome.tombstone)
        self.stdout.write(self.style.SUCCESS(f"Disposed of {disposed} case file(s)."))
