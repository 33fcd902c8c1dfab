"""Keeping the letters sent about a request: each composed from the request's facts
(`subject_access/letters.py`), printed once, and kept exactly as made (encrypted with the case
file's key, its SHA-256 beside it), so what the person was told can be shown later."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from practice import documents
from practice import letters as letter_shape
from practice.actions import part_of_action, reads
from practice.models import User
from practice.permissions import is_system
from subject_access import letters
from subject_access.audit_actions import Action
from subject_access.models import SarLetter, SubjectAccessRequest
from subject_access.services.common import event
from subject_access.workflow import SAR_MACHINE


@part_of_action("the step a letter records (issuing, a clarification, an extension, a refusal)")
def keep_letter(*, actor: User, sar: SubjectAccessRequest, kind: str, dated: date) -> SarLetter:
    pdf = letter_shape.pdf(letters.compose(sar, kind, dated=dated))
    letter = SarLetter(
        request=sar,
        kind=kind,
        dated=dated,
        sha256=documents.fingerprint(pdf),
        issued_by=None if is_system(actor) else actor,  # None: from the server
        issued_at=timezone.now(),
    )
    letter.set_pdf(documents.stored_form(pdf))
    letter.save()
    event(Action.LETTER_KEPT, actor=actor, sar=sar, letter=kind, sha256=letter.sha256)
    return letter


def sar_letter_issue(*, actor: User, sar: SubjectAccessRequest, kind: str) -> SarLetter:
    """An acknowledgement or a request for evidence, dated today."""
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="issue_letter")
        if refusal := letters.may_issue_by_hand(sar, kind):
            raise ValidationError(refusal)
        return keep_letter(actor=actor, sar=sar, kind=kind, dated=timezone.localdate())


@reads("a kept letter's PDF, checked against its hash (the read is audited)")
def sar_letter_pdf(
    *, actor: User, sar: SubjectAccessRequest, letter_ref
) -> tuple[SarLetter, bytes]:
    SAR_MACHINE.check(actor=actor, obj=sar, action="read_letter")
    letter = sar.letters.filter(ref=letter_ref).first()
    if letter is None:
        raise ValidationError("No such letter for this request.")
    pdf = documents.from_stored(letter.get_pdf(), sha256=letter.sha256)
    with transaction.atomic(durable=True):
        event(Action.LETTER_READ, actor=actor, sar=sar, letter=letter.kind, sha256=letter.sha256)
    return letter, pdf


@reads("the letters kept with a request, as (file name, PDF) for its answer archive")
def kept_letters(sar: SubjectAccessRequest) -> dict[str, bytes]:
    kept: dict[str, bytes] = {}
    for letter in sar.letters.all():
        name, number = f"letters/{letter.file_name}", 1
        while name in kept:  # two of a kind on one day: numbered, never overwritten
            number += 1
            name = f"letters/{letter.file_name.removesuffix('.pdf')}-{number}.pdf"
        kept[name] = documents.from_stored(letter.get_pdf(), sha256=letter.sha256)
    return kept
