"""The right to erasure (UK GDPR Art. 17): the admin logs a client's request for a case
file, acknowledges it, may extend the time (Art. 12(3), as for rectification and
objection), and decides it: refused with its ground (Art. 17(3)(b) a legal obligation to
keep the records; Art. 17(3)(e) legal claims; a legal hold in force; the retention period
the client agreed to in their contract), or granted. Either way the outcome letter is made
in the same step and kept, encrypted with the case file's key, with its SHA-256.

A granted erasure is carried out afterwards, as its own step, through the one disposal path
(`records.disposal.case_file_dispose`, reason "erasure granted"): the key destroyed, every
row of the data map deleted in both databases, a tombstone left. The outcome letter exists
before that, so the admin can download and send it; the step then empties the request's
encrypted words and the letters' PDFs (their key is gone with the record), keeping only the
reference, the dates, the decision and each letter's SHA-256 and size."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from practice import audit, documents
from practice import letters as letter_shape
from practice.actions import in_steps, reads
from practice.models import User
from records import disposal, holds
from records.models import CaseFile, Tombstone
from rights import permissions
from rights import rectification_letters as letters
from rights.audit_actions import Action
from rights.models import (
    ErasureGround,
    ErasureLetter,
    ErasureRequest,
    ErasureStatus,
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
from rights.workflow import ERASURE_MACHINE

Kind = RectificationLetterKind

STEPS = LetterSteps(
    machine=ERASURE_MACHINE,
    letter_model=ErasureLetter,
    letter_kinds=Kind,
    letters=letters,
    owner="erasure",
    arrived="the request",
    acknowledged=Action.ERASURE_ACKNOWLEDGED,
    extended=Action.ERASURE_EXTENDED,
)


def _held_by_a_legal_hold(case_file: CaseFile) -> bool:
    return CaseFile.objects.filter(holds.in_force(), pk=case_file.pk).exists()


def erasure_log(*, actor: User, client: Client, received_on: date, asks: str) -> ErasureRequest:
    """The admin records a client's request that their information be erased."""
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can log an erasure request.")
    text = checked_text(
        "asks", asks, limit=ASKS_MAX, required="Write what the client asks to be erased."
    )
    if received_on is None:
        raise ValidationError({"received_on": "Give the day the request arrived."})
    not_after("received_on", received_on, today=timezone.localdate(), what="The day it arrived")
    case_file = CaseFile.objects.filter(record_ref=client.record_ref).first()
    if case_file is None or case_file.is_shredded:
        raise ValidationError("This client has no case file.")
    erasure = ErasureRequest(
        record_ref=case_file.record_ref, received_on=received_on, logged_by=actor
    )
    erasure._case_file = case_file
    erasure.set_asks(text)
    with transaction.atomic(durable=True):
        erasure.save()
        audit.record(
            action=Action.ERASURE_LOGGED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"erasure": erasure.reference},
        )
    return erasure


def erasure_acknowledge(
    *, actor: User, erasure: ErasureRequest, dated: date | None = None
) -> ErasureLetter:
    erasure, day, pdf = acknowledgement_made(STEPS, erasure, actor=actor, dated=dated)
    with transaction.atomic(durable=True):
        return acknowledgement_kept(STEPS, erasure, actor=actor, day=day, pdf=pdf)


def erasure_extend(
    *,
    actor: User,
    erasure: ErasureRequest,
    months: int,
    reasons: str,
    told_on: date | None = None,
) -> ErasureLetter:
    """One or two further months (Art. 12(3)), told within the first month; once."""
    made = extension_made(
        STEPS, erasure, actor=actor, months=months, reasons=reasons, told_on=told_on
    )
    with transaction.atomic(durable=True):
        return extension_kept(STEPS, made, actor=actor)


def _ground_refusal(ground: str, case_file: CaseFile, *, day: date) -> str:
    """Why this ground does not apply to this case file now ('' when it may)."""
    if ground == ErasureGround.LEGAL_HOLD and not _held_by_a_legal_hold(case_file):
        return "No legal hold is in force on this case file, so this ground does not apply."
    if (
        ground == ErasureGround.RETENTION_AGREED
        and case_file.retain_until is not None
        and case_file.retain_until < day
    ):
        return (
            f"The retention period ended on {case_file.retain_until:%d %B %Y}, so this ground "
            "does not apply."
        )
    return ""


def erasure_decide(
    *,
    actor: User,
    erasure: ErasureRequest,
    decision: str,
    reasons: str,
    ground: str = "",
    decided_on: date | None = None,
) -> ErasureLetter:
    """`decision` is "granted" or "refused". Refused: `ground` (Art. 17(3)) and `reasons`
    say why the records are kept. Granted: `reasons` may add what the letter says; granting
    is refused while a legal hold is in force. The outcome letter is made and kept now."""
    action = {"granted": "grant", "refused": "refuse"}.get(decision)
    if action is None:
        raise ValidationError({"decision": "Say whether the erasure is granted or refused."})
    erasure = as_it_stands(ERASURE_MACHINE, erasure, actor=actor, action=action)
    refused = action == "refuse"
    if refused and ground not in ErasureGround.values:
        raise ValidationError({"ground": "A refusal needs its ground: choose one from the list."})
    if not refused and ground:
        raise ValidationError({"ground": "A granted erasure has no ground for refusal."})
    text = (reasons or "").strip()
    if refused or text:
        text = checked_text(
            "reasons",
            reasons,
            limit=NOTE_MAX,
            required="Say why the ground applies here: the letter tells the client.",
        )
    day = letter_day(
        "decided_on", decided_on, erasure, what="The day of the decision", arrived="the request"
    )
    case_file = erasure.encryption_owner()
    if refused:
        why_not = _ground_refusal(ground, case_file, day=day)
        if why_not:
            raise ValidationError({"ground": why_not})
    elif _held_by_a_legal_hold(case_file):
        raise ValidationError(
            {
                "decision": "A legal hold is in force on this case file, so it cannot be "
                "erased: refuse on that ground, or lift the hold first."
            }
        )
    erasure.ground = ground
    erasure.set_decision_reasons(text)
    pdf = letter_shape.pdf(letters.erasure_outcome(erasure, dated=day))

    def change(row, _source):
        row.ground = ground
        row.decided_by, row.decided_on = actor, day
        row.set_decision_reasons(text)

    with transaction.atomic(durable=True):
        fresh = ERASURE_MACHINE.advance(
            erasure,
            actor=actor,
            action=action,
            audit_action=Action.ERASURE_DECIDED,
            target_ref=erasure.record_ref,
            details={
                "erasure": erasure.reference,
                "decision": decision,
                "ground": ground,
                "late": day > (erasure.clock(as_of=day).due_on or day),
                "sha256": documents.fingerprint(pdf),
            },
            change=change,
        )
        return keep_letter(
            ErasureLetter,
            owner={"erasure": fresh},
            kind=Kind.OUTCOME,
            dated=day,
            pdf=pdf,
            actor=actor,
        )


@reads("whether a granted erasure request lets disposal take this case file")
def granted_erasure_permit(case_file: CaseFile) -> str:
    """For `records.disposal`: '' when a granted erasure request exists for this case
    file (the only thing that lets an erasure dispose of it), otherwise why not."""
    if ErasureRequest.objects.filter(
        record_ref=case_file.record_ref, status=ErasureStatus.GRANTED
    ).exists():
        return ""
    return "There is no granted erasure request for this case file."


@in_steps(
    "disposal in its own two transactions (the key destroyed, then the rows deleted), then "
    "the request's words emptied and its state moved in one more; a run cut short is "
    "finished by running it again"
)
def erasure_carry_out(*, actor: User, erasure: ErasureRequest) -> Tombstone:
    """Carry out a granted erasure through the disposal path, leaving a tombstone."""
    erasure = as_it_stands(ERASURE_MACHINE, erasure, actor=actor, action="carry_out")
    tombstone = Tombstone.objects.filter(record_ref=erasure.record_ref).first()
    if tombstone is None:
        case_file = CaseFile.objects.filter(record_ref=erasure.record_ref).first()
        if case_file is None:
            raise ValidationError("This case file no longer exists.")
        tombstone = disposal.case_file_dispose(
            actor=actor, case_file=case_file, reason=disposal.Reason.ERASURE_GRANTED
        )
    elif tombstone.state != Tombstone.State.COMPLETE:
        disposal.disposals_resume()
        tombstone.refresh_from_db()

    def change(row, _source):
        # The key is gone with the record: what it encrypted is emptied, not left behind.
        row.asks = row.extension_reasons = row.decision_reasons = ""
        row.erased_at = timezone.now()

    with transaction.atomic(durable=True):
        ERASURE_MACHINE.advance(
            erasure,
            actor=actor,
            action="carry_out",
            audit_action=Action.ERASURE_CARRIED_OUT,
            target_ref=erasure.record_ref,
            details={"erasure": erasure.reference, "tombstone": tombstone.reason},
            change=change,
        )
        ErasureLetter.objects.filter(erasure=erasure).update(pdf="")
    return tombstone


def erasure_letter_read(*, actor: User, letter: ErasureLetter) -> bytes:
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can read an erasure request's letters.")
    if letter.erasure.is_erased:
        raise ValidationError(
            "The record has been erased, and its letters with it: only their fingerprints are kept."
        )
    pdf = letter.opened()
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.ERASURE_LETTER_DOWNLOADED,
            actor=actor,
            target_ref=letter.erasure.record_ref,
            details={
                "erasure": letter.erasure.reference,
                "kind": letter.kind,
                "sha256": letter.sha256,
            },
        )
    return pdf
