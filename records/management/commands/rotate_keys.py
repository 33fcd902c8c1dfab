from django.core.management.base import CommandError

from practice import keyring
from practice.actors import system_actor
from practice.management.acting import ActingCommand
from records import services


class Command(ActingCommand):
    help = (
        "Re-wrap every case file's data key under the first key in ENCRYPTION_KEYS. "
        "Afterwards the older keys can be removed from the environment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, batch_size: int, **options):
        primary = keyring.keyring().primary_id
        self.stdout.write(f"Re-wrapping data keys under key {primary!r}…")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done}/{total} case files")

        try:
            counts = services.data_keys_rotate(
                actor=system_actor("rotate_keys"), batch_size=batch_size, progress=progress
            )
        except keyring.KeyringError as error:
            raise CommandError(
                f"Rotation stopped, nothing in the failed batch changed: {error}"
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {counts['rewrapped']} re-wrapped, {counts['already_current']} already "
                f"current, {counts['shredded']} destroyed (no key), {counts['total']} in all."
            )
        )
        if counts["rewrapped"] or counts["already_current"]:
            self.stdout.write("Every data key now uses the first key; older keys may be removed.")
