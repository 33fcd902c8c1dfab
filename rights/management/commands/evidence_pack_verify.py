"""Check a copy of an evidence pack against its manifest and the hashes on the audit trail."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rights import evidence_pack
from rights.services.evidence_pack import recorded_pack_hashes


class Command(BaseCommand):
    help = "Verify an evidence pack: its files against its manifest, itself against the trail."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path: str, **options):
        target = Path(path)
        if not target.is_file():
            raise CommandError(f"No such file: {target}")
        verdict = evidence_pack.verify(target.read_bytes(), recorded=recorded_pack_hashes())
        if not verdict.ok:
            raise CommandError("Not verified: " + " ".join(verdict.problems))
        self.stdout.write(self.style.SUCCESS("Verified: a pack this practice built, unaltered."))
