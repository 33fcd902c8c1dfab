"""Raising a request and filling in its steps: saved as it goes, resumable."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from disclosures import steps
from disclosures.audit_actions import Action
from disclosures.machine import EDIT, MACHINE
from disclosures.models import DisclosureRequest, QuotedPassage
from disclosures.permissions import may_start_disclosure
from disclosures.services.common import assign, locked
from practice import audit
from practice.models import User
from records.models import CaseFile, Note

MAX_QUOTES = 20


def request_start(*, actor: User, case_file: CaseFile) -> DisclosureRequest:
    """A new draft for one of the actor's own clients."""
    if not may_start_disclosure(actor, case_file):
        raise PermissionDenied("Only the client's own therapist can raise a disclosure request.")
    with transaction.atomic(durable=True):
        row = DisclosureRequest.objects.create(case_file=case_file, therapist=actor)
        audit.record(
            action=Action.STARTED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"request": str(row.ref)},
        )
    return row


def request_step_save(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    step: str,
    values: dict,
    expected_version: int | None = None,
) -> DisclosureRequest:
    """Save one step's answers and mark it done; refused once the request is submitted."""
    known = steps.step_named(step)
    if known is None:
        raise ValidationError("There is no such step.")
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        MACHINE.check(actor=actor, obj=row, action=EDIT)
        if expected_version is not None and row.version != expected_version:
            raise ValidationError(
                "This request changed in another window since you opened this step. "
                "Reload the step to see the latest answers."
            )
        columns = assign(row, values)
        done = [name for name in row.steps_done if name != step] + [step]
        row.steps_done = [s.name for s in steps.steps_for(row) if s.name in done]
        row.version += 1
        row.save(update_fields=[*columns, "steps_done", "version", "updated_at"])
        audit.record(
            action=Action.STEP_SAVED,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details={"request": str(row.ref), "step": step},
        )
    return row


def passage_quote(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    note: Note,
    text: str,
) -> QuotedPassage:
    """Copy a passage of a signed note into the request (encrypted like the note)."""
    text = text.strip()
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        MACHINE.check(actor=actor, obj=row, action=EDIT)
        if note.case_file_id != row.case_file_id or not note.is_signed:
            raise ValidationError("Only a signed note of this client can be quoted.")
        if not text:
            raise ValidationError("Choose the words to quote.")
        if text not in note.get_body():
            raise ValidationError(
                "The passage must be copied exactly from the note, without changes."
            )
        if row.quotes.count() >= MAX_QUOTES:
            raise ValidationError(f"A request quotes at most {MAX_QUOTES} passages.")
        quote = QuotedPassage(request=row, note_ref=note.ref, note_date=note.created_at.date())
        quote.set_text(text)
        quote.save()
        row.version += 1
        row.save(update_fields=["version", "updated_at"])
        audit.record(
            action=Action.PASSAGE_QUOTED,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details={"request": str(row.ref), "note": str(note.ref)},
        )
    return quote


def passage_remove(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    quote_ref,
) -> None:
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        MACHINE.check(actor=actor, obj=row, action=EDIT)
        deleted, _ = row.quotes.filter(ref=quote_ref).delete()
        if not deleted:
            raise ValidationError("That passage is not part of this request.")
        row.version += 1
        row.save(update_fields=["version", "updated_at"])
        audit.record(
            action=Action.PASSAGE_REMOVED,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details={"request": str(row.ref)},
        )
