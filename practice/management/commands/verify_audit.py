"""Check the audit chain; exit non-zero naming the first broken event.

By default the run starts from the last verified point (which must still be on the
chain); `--full` recomputes every event. `--expect SEQ:HASH` (repeatable) and
`--checkpoints FILE` (lines printed by `audit_checkpoint`) name events that must still be
on the chain with that hash, so cutting the newest events is caught.

Entries still waiting to be linked (`practice.audit_sequencer`) are linked first; an entry
rejected because its signature does not match fails the run.
"""

from django.core.management.base import BaseCommand, CommandError

from practice import audit, audit_sequencer, audit_verify


class Command(BaseCommand):
    help = "Verify the audit trail's keyed hash chain (and checkpoints); name the first break."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Recompute from the first event.")
        parser.add_argument(
            "--expect",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="An event that must still be on the chain with this hash (repeatable).",
        )
        parser.add_argument(
            "--checkpoints",
            metavar="FILE",
            help="A file of signed checkpoint lines from audit_checkpoint.",
        )

    def handle(self, *args, **options):
        try:
            audit.audit_key()
        except audit.AuditKeyError as error:
            raise CommandError(str(error)) from error
        try:
            expectations = [audit_verify.parse_expectation(text) for text in options["expect"]]
            if options["checkpoints"]:
                with open(options["checkpoints"], encoding="utf-8") as handle:
                    points = audit_verify.checkpoints_from(handle)
                expectations += [point.expectation() for point in points]
        except OSError as error:
            raise CommandError(f"Cannot read the checkpoint file: {error.strerror}.") from error
        except audit_verify.CheckpointError as error:
            raise CommandError(f"Checkpoint refused: {error}. Nothing was verified.") from error
        audit_sequencer.drain()
        report = audit_verify.verify_chain(
            incremental=not options["full"], expectations=expectations
        )
        audit_verify.verification_record(report=report, full=options["full"])
        if not report.ok:
            raise CommandError(str(report))
        waiting, rejected = audit_sequencer.waiting_count()
        if rejected:
            raise CommandError(
                f"{report} But {rejected} queued audit "
                f"{'entry was' if rejected == 1 else 'entries were'} rejected: the signature "
                "does not match, so someone without AUDIT_KEY wrote to the queue."
            )
        self.stdout.write(self.style.SUCCESS(str(report)))
        if waiting:
            self.stdout.write(
                f"{waiting} newer {'event is' if waiting == 1 else 'events are'} still being "
                "linked by another writer; the next run checks them."
            )
