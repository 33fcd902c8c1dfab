"""Raising a request and filling in its steps: saved as it goes, resumable."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from disclosures import notify, steps
from disclosures.audit_actions import Action
from disclosures.machine import AMEND_REPORT, EDIT, MACHINE
from disclosures.models import DisclosureRequest, QuotedPassage
from disclosures.permissions import may_start_disclosure
from disclosures.services.common import advance, assign, locked
from practice import audit
from practice.actions import reads
from practice.models import User
from records.models import CaseFile, Note

MAX_QUOTES = 20
MAX_REPORT = 50_000


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


@reads("what saving a step does now")
def step_action(row: DisclosureRequest, step: steps.Step) -> str:
    """What saving `step` does now: an edit of an open request, or, for a step that may
    change after approval (the client's report), an amendment that goes back for review."""
    if step.amends_after_approval and MACHINE.transition(row.status, AMEND_REPORT):
        return AMEND_REPORT
    return EDIT


@reads("whether a step may be changed now")
def step_writable(*, actor: User, disclosure: DisclosureRequest, step: steps.Step) -> bool:
    """May this person open `step` to change it now? The page asks before it offers a form."""
    return step in steps.steps_for(disclosure) and MACHINE.allows(
        actor=actor, obj=disclosure, action=step_action(disclosure, step)
    )


def request_step_save(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    step: str,
    values: dict,
    expected_version: int | None = None,
    site_url: str = "",
) -> DisclosureRequest:
    """Save one step's answers and mark it done; refused once the request is submitted.

    The client's report may be changed after approval: a change to the approved words sends
    the request back to the supervisor (`AMEND_REPORT`), and saving the same words again
    changes nothing."""
    known = steps.step_named(step)
    if known is None:
        raise ValidationError("There is no such step.")
    if step_action(disclosure, known) == AMEND_REPORT:
        return report_amend(
            actor=actor,
            disclosure=disclosure,
            report_text=values.get("report_text", ""),
            expected_version=expected_version,
            site_url=site_url,
        )
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        MACHINE.check(actor=actor, obj=row, action=EDIT)
        _check_fresh(row, expected_version)
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


def _check_fresh(row: DisclosureRequest, expected_version: int | None) -> None:
    if expected_version is not None and row.version != expected_version:
        raise ValidationError(
            "This request changed in another window since you opened this step. "
            "Reload the step to see the latest answers."
        )


def report_amend(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    report_text: str,
    expected_version: int | None = None,
    site_url: str = "",
) -> DisclosureRequest:
    """Change an approved client's report: the request goes back to the supervisor and the
    approval's hash is cleared, so no PDF is made until they approve the new words. The
    same words again change nothing. The trail holds the two fingerprints, never words."""
    if not report_text.strip():
        raise ValidationError({"report_text": "Write the report: an empty one is not sent."})
    if len(report_text) > MAX_REPORT:
        raise ValidationError({"report_text": f"A report is limited to {MAX_REPORT} characters."})
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        MACHINE.check(actor=actor, obj=row, action=AMEND_REPORT)
        if steps.step_named("report") not in steps.steps_for(row):
            raise ValidationError("Only a client's own request has a report to change.")
        _check_fresh(row, expected_version)
        approved = row.approved_sha256
        columns = assign(row, {"report_text": report_text})
        changed = row.text_fingerprint()
        if changed == approved:
            return row  # the same words: the approval stands
        row.save(update_fields=[*columns, "updated_at"])
        row = advance(
            actor=actor,
            disclosure=row,
            action=AMEND_REPORT,
            audit_action=Action.REPORT_AMENDED,
            reasons="The report was changed after approval: the new words wait for review.",
            details={"approved_sha256": approved, "text_sha256": changed},
        )
        row.approved_sha256 = ""
        row.decided_at = row.decided_by = None
        row.submitted_at = timezone.now()
        row.save(update_fields=["approved_sha256", "decided_at", "decided_by", "submitted_at"])
        notify.after_commit_to_supervisors(row, site_url=site_url, emergency=False)
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
