"""Which of a request's texts carry the client's own identifiers, before a supervisor reads them.

Supervision does not identify the client, so before a request goes for review every free
text the supervisor will read (each step's answers and each quoted passage) is checked on
the identity side (`clients.identifiers`), which answers with kinds, never values. The
fields come from the step forms, so a new text field on a step is checked without a list
to remember here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from clients import identifiers
from disclosures.models import CALDICOTT, DisclosureRequest
from disclosures.steps import STEPS
from practice.fields import EncryptedTextField


@dataclass(frozen=True)
class CheckedField:
    key: str  # a plain name, safe for the audit trail ("situation", "caldicott_3", "quote_2")
    label: str  # as the therapist saw it on the step
    step: str = ""  # the step to go back to ("" for a quoted passage)
    step_title: str = ""


@dataclass(frozen=True)
class FieldMatch:
    field: CheckedField
    kinds: tuple[str, ...]  # codes of `clients.identifiers.KINDS`

    @property
    def kind_labels(self) -> list[str]:
        return [identifiers.kind_label(code) for code in self.kinds]


class IdentifiersFound(ValidationError):
    """The request names the client somewhere; sending waits for the therapist's word.

    Carries the fields and kinds (never the text) and the version the warning was about,
    so a confirmation given for one version does not send a later, different one."""

    def __init__(self, matches: list[FieldMatch], *, version: int):
        super().__init__(
            "This request seems to contain the client's identifying details. Check them "
            "before sending it to your supervisor.",
            code="identifiers",
        )
        self.matches = matches
        self.version = version


def step_text_fields() -> list[CheckedField]:
    """Every encrypted text a step form asks for, labelled as the form labels it."""
    fields = []
    for step in STEPS:
        for name, form_field in step.form.base_fields.items():
            model_field = DisclosureRequest._meta.get_field(name)
            if isinstance(model_field, EncryptedTextField):
                fields.append(CheckedField(name, str(form_field.label), step.name, step.title))
    caldicott = next(step for step in STEPS if step.name == "caldicott")
    fields.extend(
        CheckedField(f"caldicott_{n}", f"Principle {n}: your reason", "caldicott", caldicott.title)
        for n in range(1, len(CALDICOTT) + 1)
    )
    return fields


def texts_of(row: DisclosureRequest) -> list[tuple[CheckedField, str]]:
    """The request's free texts as the supervisor will read them, decrypted."""
    texts = []
    for field in step_text_fields():
        if field.step != "caldicott":
            texts.append((field, getattr(row, f"get_{field.key}")()))
    for n, answer in enumerate(row.caldicott_answers(), start=1):
        texts.append((_caldicott_field(n), answer.get("reason", "")))
    for n, quote in enumerate(row.quotes.all(), start=1):
        quote.request = row
        label = f"Passage {n} quoted from the note of {quote.note_date:%-d %B %Y}"
        texts.append((CheckedField(f"quote_{n}", label), quote.get_text()))
    return [(field, text) for field, text in texts if text]


def _caldicott_field(n: int) -> CheckedField:
    return next(field for field in step_text_fields() if field.key == f"caldicott_{n}")


def identifier_matches(row: DisclosureRequest) -> list[FieldMatch]:
    """The request's fields that hold one of its client's identifiers, in page order."""
    texts = texts_of(row)
    found = identifiers.identifiers_in(
        record_ref=row.case_file.record_ref, texts={field.key: text for field, text in texts}
    )
    return [FieldMatch(field, tuple(found[field.key])) for field, _ in texts if field.key in found]


def audit_details(matches: list[FieldMatch]) -> dict:
    """What the trail may say about a warning: field names and kinds, never text."""
    return {
        "fields": [match.field.key for match in matches],
        "kinds": sorted({code for match in matches for code in match.kinds}),
    }
