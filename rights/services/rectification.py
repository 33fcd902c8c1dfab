"""The right to rectification (UK GDPR Art. 16): the admin logs a client's request, the
client's therapist responds on one signed note (agree: a correcting addendum; disagree: the
client's own statement attached), and the admin sends the outcome. The acknowledgement and
an extension (up to two further months, told within the first month with the reasons) are
letters too. Every letter is made first, outside the lock (a refused step throws it away),
then kept, encrypted with the case file's key, with its SHA-256. Each step is one durable
transaction, asks the state table, and audits references only."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from practice import audit, documents
from practice import letters as letter_shape
from practice.models import User
from records import services as record_services
from records.models import Addendum, CaseFile, Note
from rights import permissions
from rights import rectification_letters as letters
from rights.audit_actions import Action
from rights.models import (
    RectificationLetter,
    RectificationLetterKind,
    RectificationRequest,
    RectificationResponse,
)
from rights.services.common import (
    NOTE_MAX,
    LetterSteps,
    acknowledgement_kept,
    acknowledgement_made,
    as_it_stands,
    checked_text,
    extension_kept,
    extension_made,
    keep_letter,
    letter_day,
    not_after,
)
from rights.workflow import RECTIFICATION_MACHINE

ASKS_MAX = 5000

STEPS = LetterSteps(
    machine=RECTIFICATION_MACHINE,
    letter_model=RectificationLetter,
    letter_kinds=RectificationLetterKind,
    letters=letters,
    owner="rectification",
    arrived="the request",
    acknowledged=Action.RECTIFICATION_ACKNOWLEDGED,
    extended=Action.RECTIFICATION_EXTENDED,
)
STATEMENT_MAX = 20_000


def rectification_log(
    *, actor: User, client: Client, received_on: date, asks: str
) -> RectificationRequest:
    """The admin records a client's request to correct what is held about them."""
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can log a rectification request.")
    text = checked_text(
        "asks", asks, limit=ASKS_MAX, required="Write what the client asks to be corrected."
    )
    today = timezone.localdate()
    if received_on is None:
        raise ValidationError({"received_on": "Give the day the request arrived."})
    not_after("received_on", received_on, today=today, what="The day it arrived")
    case_file = CaseFile.objects.filter(record_ref=client.record_ref).first()
    if case_file is None or case_file.is_shredded:
        raise ValidationError("This client has no case file to correct.")
    rectification = RectificationRequest(
        record_ref=case_file.record_ref, received_on=received_on, logged_by=actor
    )
    rectification._case_file = case_file
    rectification.set_asks(text)
    with transaction.atomic(durable=True):
        rectification.save()
        audit.record(
            action=Action.RECTIFICATION_LOGGED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"rectification": rectification.reference},
        )
    return rectification


def rectification_acknowledge(
    *, actor: User, rectification: RectificationRequest, dated: date | None = None
) -> RectificationLetter:
    """The acknowledgement letter, with the day the answer is due; once."""
    rectification, day, pdf = acknowledgement_made(STEPS, rectification, actor=actor, dated=dated)
    with transaction.atomic(durable=True):
        return acknowledgement_kept(STEPS, rectification, actor=actor, day=day, pdf=pdf)


def rectification_extend(
    *,
    actor: User,
    rectification: RectificationRequest,
    months: int,
    reasons: str,
    told_on: date | None = None,
) -> RectificationLetter:
    """Extend the time by one or two further months (Art. 12(3)): told within the first
    month, with the reasons, by the letter made here; once."""
    made = extension_made(
        STEPS, rectification, actor=actor, months=months, reasons=reasons, told_on=told_on
    )
    with transaction.atomic(durable=True):
        return extension_kept(STEPS, made, actor=actor)


def rectification_respond(
    *,
    actor: User,
    rectification: RectificationRequest,
    note: Note,
    response: str,
    addendum: str,
    reasons: str,
) -> RectificationRequest:
    """The client's therapist responds on one signed note of the case file. Agreed: the
    correction (`addendum`) is added to the note. Not agreed: the client's own statement
    (`addendum`, in the client's words) is attached to the note. `reasons` is what the
    outcome letter says was done, or why the note stands. All in one transaction."""
    RECTIFICATION_MACHINE.check(actor=actor, obj=rectification, action="respond")
    if response not in RectificationResponse.values:
        raise ValidationError({"response": "Say whether you agree the note is inaccurate."})
    if note.case_file.record_ref != rectification.record_ref:
        raise ValidationError({"note": "Choose a note of this client's case file."})
    if not note.is_signed:
        raise ValidationError({"note": "Choose a signed note: a draft is edited directly."})
    agreed = response == RectificationResponse.AGREED
    body = checked_text(
        "addendum",
        addendum,
        limit=STATEMENT_MAX,
        required="Write the correction." if agreed else "Write the client's own statement.",
    )
    why = checked_text(
        "reasons",
        reasons,
        limit=NOTE_MAX,
        required="Say what was corrected." if agreed else "Say why the note stands.",
    )
    kind = Addendum.Kind.ADDENDUM if agreed else Addendum.Kind.CLIENT_STATEMENT
    today = timezone.localdate()
    with transaction.atomic(durable=True):
        added = record_services.addendum_attach(actor=actor, note=note, body=body, kind=kind)

        def change(row, _source):
            row.response = response
            row.note_ref, row.addendum_ref = note.ref, added.ref
            row.responded_by, row.responded_on = actor, today
            row.set_response_reasons(why)

        return RECTIFICATION_MACHINE.advance(
            rectification,
            actor=actor,
            action="respond",
            audit_action=Action.RECTIFICATION_RESPONDED,
            target_ref=rectification.record_ref,
            details={
                "rectification": rectification.reference,
                "response": response,
                "note": str(note.ref),
                "addendum": str(added.ref),
            },
            change=change,
        )


def rectification_close(
    *, actor: User, rectification: RectificationRequest, closed_on: date | None = None
) -> RectificationLetter:
    """The admin sends the outcome: what was corrected, or why not and that the client's
    statement is kept with the note, with the right to complain to the ICO and a court."""
    rectification = as_it_stands(RECTIFICATION_MACHINE, rectification, actor=actor, action="close")
    day = letter_day(
        "closed_on", closed_on, rectification, what="The day of the outcome", arrived="the request"
    )
    if rectification.responded_on and day < rectification.responded_on:
        raise ValidationError(
            {"closed_on": "The outcome cannot be dated before the therapist responded."}
        )
    pdf = letter_shape.pdf(letters.outcome(rectification, dated=day))

    def change(row, _source):
        row.closed_on = day

    with transaction.atomic(durable=True):
        fresh = RECTIFICATION_MACHINE.advance(
            rectification,
            actor=actor,
            action="close",
            audit_action=Action.RECTIFICATION_CLOSED,
            target_ref=rectification.record_ref,
            details={
                "rectification": rectification.reference,
                "late": day > (rectification.clock(as_of=day).due_on or day),
                "sha256": documents.fingerprint(pdf),
            },
            change=change,
        )
        return keep_letter(
            RectificationLetter,
            owner={"rectification": fresh},
            kind=RectificationLetterKind.OUTCOME,
            dated=day,
            pdf=pdf,
            actor=actor,
        )


def rectification_letter_read(*, actor: User, letter: RectificationLetter) -> bytes:
    """The letter's PDF as issued (DocumentAltered when it no longer matches its hash)."""
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can read a rectification request's letters.")
    pdf = letter.opened()
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.RECTIFICATION_LETTER_DOWNLOADED,
            actor=actor,
            target_ref=letter.rectification.record_ref,
            details={
                "rectification": letter.rectification.reference,
                "kind": letter.kind,
                "sha256": letter.sha256,
            },
        )
    return pdf
