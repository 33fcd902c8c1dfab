"""The two steps that issue a letter: acknowledging a complaint (s.164A(3)) and closing it
with its outcome (s.164A(4)(b)). The PDF is made first, outside the lock (a refused step
throws it away), then kept with the complaint, encrypted, with its SHA-256, and e-mailed
to the person when they gave an e-mail address (`complaint_mail`); reading it back checks
the hash and is audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from practice import audit, documents
from practice import letters as letter_shape
from practice.models import User
from rights import deadlines, letters, permissions
from rights.audit_actions import Action
from rights.models import Complaint, ComplaintLetter, LetterKind
from rights.services import complaint_mail
from rights.services.common import NOTE_MAX, checked_text, keep_letter, not_after
from rights.workflow import COMPLAINT_MACHINE


def _as_it_stands(actor: User, complaint: Complaint, action: str) -> Complaint:
    """The complaint as the database holds it now, if the step is allowed from there (the
    letter is made from this; the move itself re-checks under the lock)."""
    current = Complaint.objects.get(pk=complaint.pk)
    COMPLAINT_MACHINE.check(actor=actor, obj=current, action=action)
    return current


def _on(field: str, day: date | None, complaint: Complaint, *, after: date, what: str) -> date:
    today = timezone.localdate()
    day = day or today
    not_after(field, day, today=today, what=what)
    if day < after:
        raise ValidationError({field: f"{what} cannot be before the complaint arrived."})
    return day


def complaint_acknowledge(
    *, actor: User, complaint: Complaint, acknowledged_on: date | None = None
) -> ComplaintLetter:
    """Acknowledge the complaint: the letter (with the day it was due) is made and kept."""
    complaint = _as_it_stands(actor, complaint, "acknowledge")
    day = _on(
        "acknowledged_on",
        acknowledged_on,
        complaint,
        after=complaint.received_on,
        what="The day of the acknowledgement",
    )
    pdf = letter_shape.pdf(letters.acknowledgement(complaint, acknowledged_on=day))

    def change(row, _source):
        row.acknowledged_on = day

    with transaction.atomic(durable=True):
        fresh = COMPLAINT_MACHINE.advance(
            complaint,
            actor=actor,
            action="acknowledge",
            audit_action=Action.COMPLAINT_ACKNOWLEDGED,
            target_ref=complaint.reference,
            details={
                "late": day > deadlines.acknowledgement_due(complaint.received_on),
                "sha256": documents.fingerprint(pdf),
            },
            change=change,
        )
        letter = keep_letter(
            ComplaintLetter,
            owner={"complaint": fresh},
            kind=LetterKind.ACKNOWLEDGEMENT,
            dated=day,
            pdf=pdf,
            actor=actor,
        )
        complaint_mail.letter_email(actor=actor, letter=letter, pdf=pdf)
        return letter


def complaint_close(
    *, actor: User, complaint: Complaint, outcome: str, closed_on: date | None = None
) -> ComplaintLetter:
    """Close the complaint with its outcome: the letter, which states the right to complain
    to the ICO, is made and kept."""
    complaint = _as_it_stands(actor, complaint, "close")
    text = checked_text("outcome", outcome, limit=NOTE_MAX, required="Write the outcome.")
    day = _on(
        "closed_on",
        closed_on,
        complaint,
        after=complaint.acknowledged_on or complaint.received_on,
        what="The day it was closed",
    )
    pdf = letter_shape.pdf(letters.outcome(complaint, outcome_text=text, closed_on=day))

    def change(row, _source):
        row.closed_on = day
        row.set_outcome(text)

    with transaction.atomic(durable=True):
        fresh = COMPLAINT_MACHINE.advance(
            complaint,
            actor=actor,
            action="close",
            audit_action=Action.COMPLAINT_CLOSED,
            target_ref=complaint.reference,
            details={"sha256": documents.fingerprint(pdf)},
            change=change,
        )
        letter = keep_letter(
            ComplaintLetter,
            owner={"complaint": fresh},
            kind=LetterKind.OUTCOME,
            dated=day,
            pdf=pdf,
            actor=actor,
        )
        complaint_mail.letter_email(actor=actor, letter=letter, pdf=pdf)
        return letter


def letter_read(*, actor: User, letter: ComplaintLetter) -> bytes:
    """The letter's PDF as issued (DocumentAltered when it no longer matches its hash)."""
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can read a complaint's letters.")
    pdf = letter.opened()
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.COMPLAINT_LETTER_DOWNLOADED,
            actor=actor,
            target_ref=letter.complaint.reference,
            details={"kind": letter.kind, "sha256": letter.sha256},
        )
    return pdf
