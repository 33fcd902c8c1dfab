"""Check the audit chain; exit non-zero naming the first broken event.

By default the run starts from the last verified point (which must still be on the
chain); `--full` recomputes every event. `--expect SEQ:HASH` (repeatable) and
`--checkpoints FILE` (lines printed by `audit_checkpoint`) name events that must still be
on the chain with that hash, so cutting the newest events is caught.

Entries still waiting to be linked (`practice.audit.sequencer`) are linked first; a
rejected entry fails the run (forged, or genuine and withheld: its signature is checked
again), and so does a replay the linker refused, the first time it is seen. Each alarm says
whether it is new. The verdict is stored after every check, failed or not.
"""

from django.core.management.base import BaseCommand, CommandError

from practice import audit
from practice.audit import sequencer as audit_sequencer
from practice.audit import verify as audit_verify


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
        run = audit_verify.verify_and_record(full=options["full"], expectations=expectations)
        for alarm in run.alarms:
            self.stderr.write(f"Alarm: {alarm}.")
        if not run.report.ok:
            raise CommandError(str(run.report))
        if not run.ok:
            failing = sum(1 for alarm in run.alarms if alarm.fails)
            raise CommandError(
                f"{run.report} But {failing} alarm{'s' if failing != 1 else ''} about the "
                f"audit queue: {run.verdict.reason}"
            )
        self.stdout.write(self.style.SUCCESS(str(run.report)))
        waiting, _ = audit_sequencer.waiting_count()
        if waiting:
            self.stdout.write(
                f"{waiting} newer {'event is' if waiting == 1 else 'events are'} still being "
                "linked by another writer; the next run checks them."
            )
