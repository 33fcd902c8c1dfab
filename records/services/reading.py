"""Notes revealed to their therapist: the read is recorded before anything is decrypted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from practice import audit, keyring
from practice.models import User
from records.audit_actions import Action
from records.models import Addendum, CaseFile, Note
from records.services.common import require_owner

PREVIEW_CHARACTERS = 600  # a note on the client page, before "Read the note"


@dataclass
class RevealedNote:
    note: Note
    body: str
    addenda: list[tuple[Addendum, str]]
    error: str = ""

    @property
    def preview(self) -> str:
        """The start of the note, as Django's `truncatechars` gives it (the ellipsis within
        the length), without walking the whole body as Django's Truncator does."""
        if len(self.body) <= PREVIEW_CHARACTERS:
            return self.body
        return self.body[: PREVIEW_CHARACTERS - 1] + "…"


def notes_reveal(
    *,
    actor: User,
    case_file: CaseFile,
    notes: Iterable[Note],
    for_request: str | None = None,
    statements_only: bool = False,
) -> list[RevealedNote]:
    """Decrypt notes for their therapist, recording the read first.

    The audit event is written before anything is decrypted: if it cannot be written,
    nothing is shown. A note that fails to decrypt is shown as an error, never as text.
    `for_request`: the disclosure request the notes are read for (choosing passages to
    quote), named in the event so the read belongs to the request wherever the client-facing
    rule holds the request back. `statements_only`: of the addenda, decrypt only the
    client's own statements (a list shows those and counts the rest); the others come
    with empty text.
    """
    require_owner(actor, case_file)
    notes = list(notes)
    if not notes:
        return []
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.NOTES_VIEWED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={
                "notes": [str(note.ref) for note in notes],
                **({"request": for_request} if for_request else {}),
                # Read while processing is restricted (UK GDPR Art. 18): the ground's code
                # only, never client text. The read itself stays allowed (Art. 18(2)).
                **({"restricted": case_file.restriction_ground} if case_file.is_restricted else {}),
            },
        )
    revealed = []
    for note in notes:
        note.case_file = case_file  # share the unwrapped data key
        try:
            body = note.get_body()
            addenda = []
            for addendum in note.addenda.all():
                addendum.note = note
                shown = addendum.is_client_statement or not statements_only
                addenda.append((addendum, addendum.get_body() if shown else ""))
            revealed.append(RevealedNote(note, body, addenda))
        except keyring.KeyringError as error:
            revealed.append(RevealedNote(note, "", [], error=str(error)))
    return revealed
