"""Writing a note, saving its draft and signing it; a signed note is locked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from practice import audit
from practice.fields import MAX_PLAINTEXT
from practice.models import User
from records.audit_actions import Action
from records.models import CaseFile, Note, Session
from records.services.common import check_text, locked_case_file, require_writable


class StaleDraft(Exception):
    """The draft changed since the editor opened it; nothing was saved."""


def note_create(
    *,
    actor: User,
    case_file: CaseFile,
    body: str,
    session: Session | None = None,
    override_reason: str = "",
) -> Note:
    require_writable(actor, case_file)
    check_text(body, limit=MAX_PLAINTEXT, label="note")
    if session is not None and session.case_file_id != case_file.pk:
        raise ValidationError({"session": "That session belongs to another record."})
    with transaction.atomic(durable=True):
        case_file = locked_case_file(case_file)
        refusal = case_file.note_refusal(with_reason=bool(override_reason.strip()))
        if refusal:
            raise ValidationError(refusal)
        without_consent = not case_file.has_records_consent
        if without_consent and case_file.may_override_consent:
            check_text(override_reason, limit=2000, label="reason")
            case_file.consent_override_at = timezone.now()
            case_file.set_consent_override_reason(override_reason)
            case_file.save()
            audit.record(
                action=Action.CONSENT_OVERRIDE,
                actor=actor,
                target_ref=case_file.record_ref,
            )
        note = Note(
            case_file=case_file,
            session=session,
            author=actor,
            written_without_consent=without_consent,
        )
        note.set_body(body)
        note.save()
        audit.record(
            action=Action.NOTE_CREATED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"note": str(note.ref), "without_consent": without_consent},
        )
    return note


def _locked_note(note: Note, expected_version: int) -> Note:
    locked = Note.objects.select_for_update().select_related("case_file").get(pk=note.pk)
    if refusal := locked.case_file.write_refusal():  # read afresh with the locked note
        raise ValidationError(refusal)
    if locked.is_signed:
        raise ValidationError("This note is signed and locked. Add an addendum instead.")
    if locked.version != expected_version:
        raise StaleDraft(
            "This draft was changed elsewhere (another tab or window) after you opened it, "
            "so your text was not saved. Copy your text, reload the note, and merge."
        )
    return locked


def note_save_draft(
    *,
    actor: User,
    note: Note,
    body: str,
    expected_version: int,
    session: Session | None = None,
) -> Note:
    require_writable(actor, note.case_file)
    check_text(body, limit=MAX_PLAINTEXT, label="note")
    if session is not None and session.case_file_id != note.case_file_id:
        raise ValidationError({"session": "That session belongs to another record."})
    with transaction.atomic(durable=True):
        note = _locked_note(note, expected_version)
        note.session = session
        note.version += 1
        note.set_body(body)  # after the version moves: the ciphertext is bound to it
        note.save()
        audit.record(
            action=Action.NOTE_SAVED,
            actor=actor,
            target_ref=note.case_file.record_ref,
            details={"note": str(note.ref), "version": note.version},
        )
    return note


def note_sign(
    *,
    actor: User,
    note: Note,
    expected_version: int,
    body: str | None = None,
) -> Note:
    """Sign a draft (saving `body` first when given): it is locked from then on."""
    require_writable(actor, note.case_file)
    if body is not None:
        check_text(body, limit=MAX_PLAINTEXT, label="note")
    with transaction.atomic(durable=True):
        note = _locked_note(note, expected_version)
        if body is None:
            body = note.get_body()
        note.status = Note.Status.SIGNED
        note.signed_at = timezone.now()
        note.version += 1
        note.set_body(body)  # re-bound to the signed state and its version
        note.save()
        audit.record(
            action=Action.NOTE_SIGNED,
            actor=actor,
            target_ref=note.case_file.record_ref,
            details={"note": str(note.ref)},
        )
    return note
