"""What every records action shares: the owner check, the one check every write passes
(`require_writable`), the text check, the locked case file."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from practice.models import User
from records import permissions
from records.models import CaseFile


def require_owner(actor: User, case_file: CaseFile) -> None:
    if not permissions.is_own_case_file(actor, case_file):
        raise PermissionDenied("Only the client's own therapist can change this record.")


def require_writable(actor: User, case_file: CaseFile) -> None:
    """The one check in front of every write to a case file, its sessions, notes and addenda:
    the client's own therapist, and the file not restricted (UK GDPR Art. 18: while
    restricted it may only be stored). `locked_case_file` asks it again under the lock.
    tests/records/test_restriction.py lists every records service as a write (refused while
    restricted) or not, so a new write path cannot forget it."""
    require_owner(actor, case_file)
    if refusal := case_file.write_refusal():
        raise ValidationError(refusal)


def check_text(text: str, *, limit: int, label: str) -> str:
    if not text.strip():
        raise ValidationError(f"The {label} is empty.")
    if len(text) > limit:
        raise ValidationError(
            f"The {label} is {len(text):,} characters long; the limit is {limit:,}. "
            "Keep records to what is necessary, or split it."
        )
    if "\x00" in text:
        raise ValidationError(f"The {label} contains a character that cannot be stored.")
    return text


def locked_case_file(case_file: CaseFile) -> CaseFile:
    """The case file locked for a write, refused if a restriction came in meanwhile."""
    locked = CaseFile.objects.select_for_update().get(pk=case_file.pk)
    if refusal := locked.write_refusal():
        raise ValidationError(refusal)
    return locked


def moment_of(on: date) -> datetime:
    """A date a person gives, as a time: now if it is today, else midday that day."""
    if on == timezone.localdate():
        return timezone.now()
    return datetime.combine(on, time(12, 0), tzinfo=timezone.get_current_timezone())
