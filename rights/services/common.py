"""What the desk's services share: the limits on what a person may send, and the pieces of
a rights request's steps (read it afresh under its state table, check a letter's day, keep
a letter once, as made)."""

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


def as_it_stands(machine, row, *, actor, action: str):
    """The row read afresh, and the state table asked whether `actor` may take `action`."""
    current = type(row).objects.get(pk=row.pk)
    machine.check(actor=actor, obj=current, action=action)
    return current


def letter_day(field: str, day: date | None, row, *, what: str, arrived: str) -> date:
    """A letter's day: today unless given, never in the future, never before receipt."""
    from django.utils import timezone

    today = timezone.localdate()
    day = day or today
    not_after(field, day, today=today, what=what)
    if day < row.received_on:
        raise ValidationError({field: f"{what} cannot be before {arrived} arrived."})
    return day


def not_yet(row, kind: str, refusal: str) -> None:
    """A letter of this kind is made once per request."""
    if row.letters.filter(kind=kind).exists():
        raise ValidationError(refusal)


def keep_letter(letter_model, *, owner: dict, kind: str, dated: date, pdf: bytes, actor):
    """The letter's PDF kept as made (encrypted, its SHA-256 beside it)."""
    from practice import documents

    letter = letter_model(
        **owner,
        kind=kind,
        dated=dated,
        issued_by=actor,
        sha256=documents.fingerprint(pdf),
        size_bytes=len(pdf),
    )
    letter.set_pdf(documents.stored_form(pdf))
    letter.save()
    return letter
