"""Restriction of processing (UK GDPR Art. 18): the admin logs a client's request for a case
file with its ground (Art. 18(1)(a)-(d)), acknowledges it, may extend the time (Art. 12(3),
as for the other requests), and applies it: the case file becomes read-only
(`records.restriction`) and the letter saying so is made in the same step. It is lifted only
after the notice to the client has been made and kept (Art. 18(3)). Letters are made first,
outside the lock, and kept encrypted with the case file's key and their SHA-256."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from practice import audit, documents
from practice import letters as letter_shape
from practice.models import User
from records import restriction as records_restriction
from records.models import CaseFile, RestrictionGround
from rights import permissions
from rights import restriction_letters as letters
from rights.audit_actions import Action
from rights.models import (
    RestrictionLetter,
    RestrictionLetterKind,
    RestrictionRequest,
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
    not_yet,
)
from rights.services.rectification import ASKS_MAX
from rights.workflow import RESTRICTION_MACHINE

K = RestrictionLetterKind

STEPS = LetterSteps(
    machine=RESTRICTION_MACHINE,
    letter_model=RestrictionLetter,
    letter_kinds=K,
    letters=letters,
    owner="restriction",
    arrived="the request",
    acknowledged=Action.RESTRICTION_ACKNOWLEDGED,
    extended=Action.RESTRICTION_EXTENDED,
)
NOTICE_FIRST = (
    "The restriction cannot be lifted yet: the client must be told first (UK GDPR Article "
    "18(3)). Make the notice letter, send it, then lift the restriction."
)


def restriction_log(
    *, actor: User, client: Client, received_on: date, ground: str, asks: str
) -> RestrictionRequest:
    """The admin records a client's request to restrict how their information is used."""
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can log a restriction request.")
    if ground not in RestrictionGround.values:
        raise ValidationError({"ground": "Choose the ground the client gives (Article 18(1))."})
    text = checked_text(
        "asks", asks, limit=ASKS_MAX, required="Write what the client asks, in their words."
    )
    if received_on is None:
        raise ValidationError({"received_on": "Give the day the request arrived."})
    not_after("received_on", received_on, today=timezone.localdate(), what="The day it arrived")
    case_file = CaseFile.objects.filter(record_ref=client.record_ref).first()
    if case_file is None or case_file.is_shredded:
        raise ValidationError("This client has no case file.")
    restriction = RestrictionRequest(
        record_ref=case_file.record_ref, received_on=received_on, ground=ground, logged_by=actor
    )
    restriction._case_file = case_file
    restriction.set_asks(text)
    with transaction.atomic(durable=True):
        restriction.save()
        audit.record(
            action=Action.RESTRICTION_LOGGED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"restriction": restriction.reference, "ground": ground},
        )
    return restriction


def _day(field, day, restriction, what):
    return letter_day(field, day, restriction, what=what, arrived="the request")


def _keep(fresh, kind, day, pdf, actor):
    return keep_letter(
        RestrictionLetter,
        owner={"restriction": fresh},
        kind=kind,
        dated=day,
        pdf=pdf,
        actor=actor,
    )


def restriction_acknowledge(
    *, actor: User, restriction: RestrictionRequest, dated: date | None = None
) -> RestrictionLetter:
    restriction, day, pdf = acknowledgement_made(STEPS, restriction, actor=actor, dated=dated)
    with transaction.atomic(durable=True):
        return acknowledgement_kept(STEPS, restriction, actor=actor, day=day, pdf=pdf)


def restriction_extend(
    *,
    actor: User,
    restriction: RestrictionRequest,
    months: int,
    reasons: str,
    told_on: date | None = None,
) -> RestrictionLetter:
    """One or two further months (Art. 12(3)), told within the first month; once."""
    made = extension_made(
        STEPS, restriction, actor=actor, months=months, reasons=reasons, told_on=told_on
    )
    with transaction.atomic(durable=True):
        return extension_kept(STEPS, made, actor=actor)


def restriction_apply(
    *, actor: User, restriction: RestrictionRequest, applied_on: date | None = None
) -> RestrictionLetter:
    """Restrict processing of the case file from `applied_on`: read-only from then on, and
    the letter telling the client so, in one step."""
    restriction = as_it_stands(RESTRICTION_MACHINE, restriction, actor=actor, action="apply")
    day = _day("applied_on", applied_on, restriction, "The day of the restriction")
    case_file = restriction.encryption_owner()
    if case_file.is_restricted:
        raise ValidationError("Processing of this case file is already restricted.")
    restriction.applied_on = day
    pdf = letter_shape.pdf(letters.outcome(restriction, dated=day))

    def change(row, _source):
        row.applied_on, row.applied_by = day, actor

    with transaction.atomic(durable=True):
        fresh = RESTRICTION_MACHINE.advance(
            restriction,
            actor=actor,
            action="apply",
            audit_action=Action.RESTRICTION_APPLIED,
            target_ref=restriction.record_ref,
            details={
                "restriction": restriction.reference,
                "ground": restriction.ground,
                "late": day > (restriction.clock(as_of=day).due_on or day),
                "sha256": documents.fingerprint(pdf),
            },
            change=change,
        )
        records_restriction.case_file_restrict(
            case_file=case_file, ground=fresh.ground, since=day, by=fresh.reference
        )
        return _keep(fresh, K.OUTCOME, day, pdf, actor)


def restriction_notify(
    *,
    actor: User,
    restriction: RestrictionRequest,
    reasons: str,
    dated: date | None = None,
) -> RestrictionLetter:
    """The notice the client is given before the restriction is lifted (Art. 18(3)); once."""
    restriction = as_it_stands(RESTRICTION_MACHINE, restriction, actor=actor, action="notify")
    refusal = "The notice has already been made."
    not_yet(restriction, K.NOTICE, refusal)
    text = checked_text(
        "reasons", reasons, limit=NOTE_MAX, required="Say why the restriction is to be lifted."
    )
    day = _day("dated", dated, restriction, "The day of the notice")
    if day < restriction.applied_on:
        raise ValidationError({"dated": "The notice cannot be before the restriction began."})
    restriction.set_lift_reasons(text)
    pdf = letter_shape.pdf(letters.notice(restriction, dated=day))

    def change(row, _source):
        row.set_lift_reasons(text)

    with transaction.atomic(durable=True):
        fresh = RESTRICTION_MACHINE.advance(
            restriction,
            actor=actor,
            action="notify",
            audit_action=Action.RESTRICTION_NOTICE_MADE,
            target_ref=restriction.record_ref,
            details={"restriction": restriction.reference, "sha256": documents.fingerprint(pdf)},
            change=change,
        )
        not_yet(fresh, K.NOTICE, refusal)
        return _keep(fresh, K.NOTICE, day, pdf, actor)


def restriction_lift(
    *, actor: User, restriction: RestrictionRequest, lifted_on: date | None = None
) -> RestrictionRequest:
    """Lift the restriction: refused until the notice letter exists (Art. 18(3)); the case
    file may be written again from then on."""
    restriction = as_it_stands(RESTRICTION_MACHINE, restriction, actor=actor, action="lift")
    notice = restriction.letters.filter(kind=K.NOTICE).first()
    if notice is None:
        raise ValidationError(NOTICE_FIRST)
    day = _day("lifted_on", lifted_on, restriction, "The day it is lifted")
    if day < notice.dated:
        raise ValidationError({"lifted_on": "It can only be lifted on or after the notice's day."})

    def change(row, _source):
        if not row.letters.filter(kind=K.NOTICE).exists():  # read again under the lock
            raise ValidationError(NOTICE_FIRST)
        row.lifted_on, row.lifted_by = day, actor

    with transaction.atomic(durable=True):
        fresh = RESTRICTION_MACHINE.advance(
            restriction,
            actor=actor,
            action="lift",
            audit_action=Action.RESTRICTION_LIFTED,
            target_ref=restriction.record_ref,
            details={"restriction": restriction.reference, "notice": notice.sha256},
            change=change,
        )
        records_restriction.case_file_unrestrict(
            case_file=restriction.encryption_owner(), by=fresh.reference
        )
    return fresh


def restriction_letter_read(*, actor: User, letter: RestrictionLetter) -> bytes:
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can read a restriction request's letters.")
    pdf = letter.opened()
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.RESTRICTION_LETTER_DOWNLOADED,
            actor=actor,
            target_ref=letter.restriction.record_ref,
            details={
                "restriction": letter.restriction.reference,
                "kind": letter.kind,
                "sha256": letter.sha256,
            },
        )
    return pdf
