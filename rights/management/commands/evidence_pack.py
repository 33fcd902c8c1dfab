"""Build the data-protection evidence pack from the server and write it to a file.

    python manage.py evidence_pack evidence-pack.zip

Its SHA-256 goes on the audit trail (with the server as the source); check a copy later
with `manage.py evidence_pack_verify FILE`.
"""

from pathlib import Path

from django.core.management.base import CommandError

from practice.actors import system_actor
from practice.management.acting import ActingCommand
from rights.services.evidence_pack import evidence_pack_build


class Command(ActingCommand):
    help = "Build the data-protection evidence pack (PDF, JSON, manifest) into a zip file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="where to write the .zip")

    def handle(self, *args, path: str, **options):
        target = Path(path)
        if target.exists():
            raise CommandError(f"{target} exists already: choose a new file name.")
        pack = evidence_pack_build(actor=system_actor("server"))
        target.write_bytes(pack.content)
        self.stdout.write(self.style.SUCCESS(f"Written {target}: SHA-256 {pack.sha256}."))
