"""What the desk's services share: the limits on what a person may send, the pieces of a
rights request's steps (read it afresh under its state table, check a letter's day, keep
a letter once, as made), and the acknowledgement and extension the requests share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import ModuleType

from django.core.exceptions import ValidationError
from django.utils import timezone

from practice import documents
from practice import letters as letter_shape
from practice.actions import part_of_action
from subject_access.deadlines import MAX_EXTENSION_MONTHS

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


# -- the acknowledgement and the extension every rights request shares ------------------
#
# Erasure, objection, rectification and restriction acknowledge a request and may extend
# its time (Art. 12(3)) in the same words and the same steps; only their state table, their
# letter rows and letters, and their audit actions differ. Each kind's service module makes
# the letter outside the transaction (`*_made`) and keeps it inside its own durable
# transaction (`*_kept`), so each stays a named action of its own.

REASONS_MAX = 5000
ACKNOWLEDGED = "It has been acknowledged."
EXTENDED = "The time has already been extended."


@dataclass(frozen=True)
class LetterSteps:
    machine: object  # the kind's state table (rights.workflow)
    letter_model: type  # its letter rows
    letter_kinds: type  # the choices naming its letters (ACKNOWLEDGEMENT, EXTENSION)
    letters: ModuleType  # makes `acknowledgement(row, dated=)` and `extension(row, dated=)`
    owner: str  # the letter's field naming its request, and the audit details' key
    arrived: str  # the request's receipt, as a refusal names it ("the objection")
    acknowledged: str  # the audit actions
    extended: str


@dataclass(frozen=True)
class Extension:
    request: object
    day: date
    months: int
    reasons: str
    pdf: bytes


def acknowledgement_made(steps: LetterSteps, row, *, actor, dated: date | None):
    """The request read afresh and asked of its state table, and the letter made: (row,
    day, pdf). Refused if it was acknowledged already; once."""
    row = as_it_stands(steps.machine, row, actor=actor, action="acknowledge")
    not_yet(row, steps.letter_kinds.ACKNOWLEDGEMENT, ACKNOWLEDGED)
    day = letter_day("dated", dated, row, what="The day of the letter", arrived=steps.arrived)
    return row, day, letter_shape.pdf(steps.letters.acknowledgement(row, dated=day))


@part_of_action(
    "an acknowledgement of a rights request (erasure, objection, rectification, restriction)"
)
def acknowledgement_kept(steps: LetterSteps, row, *, actor, day: date, pdf: bytes):
    fresh = steps.machine.advance(
        row,
        actor=actor,
        action="acknowledge",
        audit_action=steps.acknowledged,
        target_ref=row.record_ref,
        details={steps.owner: row.reference, "sha256": documents.fingerprint(pdf)},
    )
    not_yet(fresh, steps.letter_kinds.ACKNOWLEDGEMENT, ACKNOWLEDGED)
    return keep_letter(
        steps.letter_model,
        owner={steps.owner: fresh},
        kind=steps.letter_kinds.ACKNOWLEDGEMENT,
        dated=day,
        pdf=pdf,
        actor=actor,
    )


def extension_made(
    steps: LetterSteps, row, *, actor, months: int, reasons: str, told_on: date | None
) -> Extension:
    """One or two further months (Art. 12(3)), with the reasons, told within the first
    month by the letter made here; once."""
    row = as_it_stands(steps.machine, row, actor=actor, action="extend")
    not_yet(row, steps.letter_kinds.EXTENSION, EXTENDED)
    if months not in range(1, MAX_EXTENSION_MONTHS + 1):
        raise ValidationError({"months": "An extension is one or two further months."})
    text = checked_text(
        "reasons", reasons, limit=REASONS_MAX, required="Give the reasons for the extension."
    )
    day = letter_day(
        "told_on", told_on, row, what="The day the client is told", arrived=steps.arrived
    )
    notice_by = row.clock(as_of=day).extension_notice_by()
    if day > notice_by:
        raise ValidationError(
            {
                "told_on": "An extension must be told within the first month: by "
                f"{letter_shape.day_words(notice_by)}."
            }
        )
    row.extension_months, row.extended_on = months, day
    row.set_extension_reasons(text)
    pdf = letter_shape.pdf(steps.letters.extension(row, dated=day))
    return Extension(request=row, day=day, months=months, reasons=text, pdf=pdf)


@part_of_action(
    "an extension of a rights request's time (erasure, objection, rectification, restriction)"
)
def extension_kept(steps: LetterSteps, made: Extension, *, actor):
    def change(row, _source):
        row.extension_months, row.extended_on = made.months, made.day
        row.set_extension_reasons(made.reasons)

    fresh = steps.machine.advance(
        made.request,
        actor=actor,
        action="extend",
        audit_action=steps.extended,
        target_ref=made.request.record_ref,
        details={
            steps.owner: made.request.reference,
            "months": made.months,
            "sha256": documents.fingerprint(made.pdf),
        },
        change=change,
    )
    not_yet(fresh, steps.letter_kinds.EXTENSION, EXTENDED)
    return keep_letter(
        steps.letter_model,
        owner={steps.owner: fresh},
        kind=steps.letter_kinds.EXTENSION,
        dated=made.day,
        pdf=made.pdf,
        actor=actor,
    )
