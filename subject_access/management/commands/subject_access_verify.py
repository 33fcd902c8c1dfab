"""Check a released subject-access archive against its recorded SHA-256 and manifest."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from subject_access import archive
from subject_access.models import SubjectAccessRequest


class Command(BaseCommand):
    help = "Verify ARCHIVE (a downloaded answer) against the hash and manifest recorded at release."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path to the .zip file")

    def handle(self, *args, archive: str, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        content = path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        sar = SubjectAccessRequest.objects.filter(archive_sha256=digest).first()
        if sar is None:
            reference = _reference_in(content)
            sar = SubjectAccessRequest.objects.filter(reference=reference).first()
            if sar is None or not sar.archive_sha256:
                raise CommandError(
                    f"FAILED: {path.name} (SHA-256 {digest}) matches no released archive."
                )
        verdict = _verify(content, sar)
        if not verdict.ok:
            problems = "\n  ".join(verdict.problems)
            raise CommandError(
                f"FAILED: {path.name} is not the archive released as {sar.reference}:\n  {problems}"
            )
        self.stdout.write(
            f"OK: {path.name} is the archive released as {sar.reference} on "
            f"{sar.released_at:%Y-%m-%d}; SHA-256 {digest}; "
            f"{len(sar.manifest)} files match the manifest."
        )


def _reference_in(content: bytes) -> str:
    try:
        return archive.read_manifest(content)[0]
    except Exception:
        return ""


def _verify(content: bytes, sar: SubjectAccessRequest) -> archive.Verdict:
    return archive.verify(
        content, recorded_sha256=sar.archive_sha256, recorded_manifest=sar.manifest
    )
