"""What every records action shares: the owner check, the text check, the locked case file."""

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
    return CaseFile.objects.select_for_update().get(pk=case_file.pk)


def moment_of(on: date) -> datetime:
    """A date a person gives, as a time: now if it is today, else midday that day."""
    if on == timezone.localdate():
        return timezone.now()
    return datetime.combine(on, time(12, 0), tzinfo=timezone.get_current_timezone())
