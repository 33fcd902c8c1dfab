"""What the complaint services share: the limits on what a person may send."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

NAME_MAX = 200
CONTACT_MAX = 500
ABOUT_MAX = 5000
NOTE_MAX = 10_000


def checked_text(field: str, value: str, *, limit: int, required: str) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({field: required})
    if len(text) > limit:
        raise ValidationError({field: f"Keep this to {limit:,} characters or fewer."})
    if "\x00" in text:
        raise ValidationError({field: "This contains a character that cannot be kept."})
    return text


def not_after(field: str, day: date | None, *, today: date, what: str) -> None:
    if day is not None and day > today:
        raise ValidationError({field: f"{what} cannot be in the future."})
