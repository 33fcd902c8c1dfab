"""Print a signed checkpoint of the audit chain head, and optionally e-mail it.

Run from cron (see docs/security.md): the data-protection contact keeps the lines, and
`verify_audit --checkpoints FILE` later proves every checkpointed event is still there.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import CommandError

from practice import audit
from practice.audit import verify as audit_verify
from practice.management.acting import ActingCommand
from practice.models import PracticeProfile


class Command(ActingCommand):
    help = "Append a checkpoint event and print the signed chain head (seq, hash, time)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--send",
            action="store_true",
            help="E-mail the line to AUDIT_CHECKPOINT_EMAIL (or the practice's address).",
        )

    def handle(self, *args, **options):
        try:
            audit.audit_key()
        except audit.AuditKeyError as error:
            raise CommandError(str(error)) from error
        point = audit_verify.checkpoint_make()
        line = point.line()
        self.stdout.write(line)
        if options["send"]:
            recipient = settings.AUDIT_CHECKPOINT_EMAIL or PracticeProfile.load().email
            if not recipient:
                raise CommandError(
                    "Nowhere to send the checkpoint: set AUDIT_CHECKPOINT_EMAIL or the "
                    "practice's e-mail address. The line above is still valid; keep it."
                )
            send_mail(
                subject=f"Audit checkpoint {point.seq}",
                message=(
                    "Keep this line with the earlier ones. It proves which audit events "
                    "existed at this time; see 'Audit checkpoints' in the practice's "
                    f"security guide.\n\n{line}\n"
                ),
                from_email=None,
                recipient_list=[recipient],
            )
            self.stderr.write(f"Sent to {recipient}.")
