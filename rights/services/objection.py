"""The right to object (UK GDPR Art. 21): the admin logs a client's objection to processing,
acknowledges it, may extend the time (as for rectification), and decides it with reasons:
upheld (what processing stops) or refused (compelling legitimate grounds that override the
client's, or legal claims), the outcome letter made in the same step. Letters are made
first, outside the lock, and kept encrypted with the case file's key and their SHA-256."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from practice import audit, documents
from practice import letters as letter_shape
from practice.models import User
from records.models import CaseFile
from rights import permissions
from rights import rectification_letters as letters
from rights.audit_actions import Action
from rights.models import (
    ObjectionDecision,
    ObjectionGround,
    ObjectionLetter,
    ObjectionRequest,
    RectificationLetterKind,
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
from rights.services.rectification import ASKS_MAX
from rights.workflow import OBJECTION_MACHINE

STEPS = LetterSteps(
    machine=OBJECTION_MACHINE,
    letter_model=ObjectionLetter,
    letter_kinds=RectificationLetterKind,
    letters=letters,
    owner="objection",
    arrived="the objection",
    acknowledged=Action.OBJECTION_ACKNOWLEDGED,
    extended=Action.OBJECTION_EXTENDED,
)


def objection_log(*, actor: User, client: Client, received_on: date, asks: str):
    """The admin records a client's objection to how their information is used."""
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can log an objection.")
    text = checked_text(
        "asks", asks, limit=ASKS_MAX, required="Write what processing the client objects to."
    )
    if received_on is None:
        raise ValidationError({"received_on": "Give the day the objection arrived."})
    not_after("received_on", received_on, today=timezone.localdate(), what="The day it arrived")
    case_file = CaseFile.objects.filter(record_ref=client.record_ref).first()
    if case_file is None or case_file.is_shredded:
        raise ValidationError("This client has no case file.")
    objection = ObjectionRequest(
        record_ref=case_file.record_ref, received_on=received_on, logged_by=actor
    )
    objection._case_file = case_file
    objection.set_asks(text)
    with transaction.atomic(durable=True):
        objection.save()
        audit.record(
            action=Action.OBJECTION_LOGGED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"objection": objection.reference},
        )
    return objection


def objection_acknowledge(
    *, actor: User, objection: ObjectionRequest, dated: date | None = None
) -> ObjectionLetter:
    objection, day, pdf = acknowledgement_made(STEPS, objection, actor=actor, dated=dated)
    with transaction.atomic(durable=True):
        return acknowledgement_kept(STEPS, objection, actor=actor, day=day, pdf=pdf)


def objection_extend(
    *,
    actor: User,
    objection: ObjectionRequest,
    months: int,
    reasons: str,
    told_on: date | None = None,
) -> ObjectionLetter:
    """One or two further months (Art. 12(3)), told within the first month; once."""
    made = extension_made(
        STEPS, objection, actor=actor, months=months, reasons=reasons, told_on=told_on
    )
    with transaction.atomic(durable=True):
        return extension_kept(STEPS, made, actor=actor)


def objection_decide(
    *,
    actor: User,
    objection: ObjectionRequest,
    decision: str,
    reasons: str,
    ground: str = "",
    decided_on: date | None = None,
) -> ObjectionLetter:
    """Upheld: `reasons` says what processing stops. Refused: `ground` (compelling
    legitimate grounds, or legal claims) and `reasons` say why it continues."""
    objection = as_it_stands(OBJECTION_MACHINE, objection, actor=actor, action="decide")
    if decision not in ObjectionDecision.values:
        raise ValidationError({"decision": "Say whether the objection is upheld or refused."})
    refused = decision == ObjectionDecision.REFUSED
    if refused and ground not in ObjectionGround.values:
        raise ValidationError(
            {"ground": "A refusal needs its ground: compelling legitimate grounds or legal claims."}
        )
    if not refused and ground:
        raise ValidationError({"ground": "An upheld objection has no ground for refusal."})
    text = checked_text(
        "reasons",
        reasons,
        limit=NOTE_MAX,
        required="Say why the processing continues." if refused else "Say what processing stops.",
    )
    day = letter_day(
        "decided_on", decided_on, objection, what="The day of the decision", arrived="the objection"
    )
    objection.decision, objection.ground = decision, ground
    objection.set_decision_reasons(text)
    pdf = letter_shape.pdf(letters.objection_outcome(objection, dated=day))

    def change(row, _source):
        row.decision, row.ground = decision, ground
        row.decided_by, row.decided_on = actor, day
        row.set_decision_reasons(text)

    with transaction.atomic(durable=True):
        fresh = OBJECTION_MACHINE.advance(
            objection,
            actor=actor,
            action="decide",
            audit_action=Action.OBJECTION_DECIDED,
            target_ref=objection.record_ref,
            details={
                "objection": objection.reference,
                "decision": decision,
                "ground": ground,
                "late": day > (objection.clock(as_of=day).due_on or day),
                "sha256": documents.fingerprint(pdf),
            },
            change=change,
        )
        return keep_letter(
            ObjectionLetter,
            owner={"objection": fresh},
            kind=RectificationLetterKind.OUTCOME,
            dated=day,
            pdf=pdf,
            actor=actor,
        )


def objection_letter_read(*, actor: User, letter: ObjectionLetter) -> bytes:
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can read an objection's letters.")
    pdf = letter.opened()
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.OBJECTION_LETTER_DOWNLOADED,
            actor=actor,
            target_ref=letter.objection.record_ref,
            details={
                "objection": letter.objection.reference,
                "kind": letter.kind,
                "sha256": letter.sha256,
            },
        )
    return pdf
