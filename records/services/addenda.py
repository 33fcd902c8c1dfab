"""An addendum: the only way to add to a note once it is signed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from practice import audit
from practice.actions import part_of_action
from practice.models import User
from records.audit_actions import Action
from records.models import Addendum, Note
from records.services.common import check_text, require_writable


def addendum_add(
    *, actor: User, note: Note, body: str, kind: str = Addendum.Kind.ADDENDUM
) -> Addendum:
    """The therapist's addition, or the client's own statement where they say the note is
    inaccurate and the therapist does not agree (see `Addendum`)."""
    with transaction.atomic(durable=True):
        return addendum_attach(actor=actor, note=note, body=body, kind=kind)


@part_of_action("addendum_add, or a rectification response (rights.services.rectification)")
def addendum_attach(*, actor: User, note: Note, body: str, kind: str) -> Addendum:
    """`addendum_add`'s work, inside the caller's transaction: a rectification response
    moves its request and adds the correction or the statement as one action."""
    require_writable(actor, note.case_file)
    if kind not in Addendum.Kind.values:
        raise ValidationError("Choose what is being added.")
    statement = kind == Addendum.Kind.CLIENT_STATEMENT
    check_text(body, limit=20_000, label="client's statement" if statement else "addendum")
    note = Note.objects.select_for_update().select_related("case_file").get(pk=note.pk)
    if refusal := note.case_file.write_refusal():  # read afresh with the locked note
        raise ValidationError(refusal)
    if not note.is_signed:
        raise ValidationError("Edit the draft directly; addenda are for signed notes.")
    addendum = Addendum(note=note, author=actor, kind=kind)
    addendum.set_body(body)
    addendum.save()
    audit.record(
        action=Action.CLIENT_STATEMENT_ADDED if statement else Action.ADDENDUM_ADDED,
        actor=actor,
        target_ref=note.case_file.record_ref,
        details={"note": str(note.ref), "addendum": str(addendum.ref)},
    )
    return addendum
