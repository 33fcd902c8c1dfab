"""A restriction's review: kept for longer by the therapist, or lifted with the supervisor.

Keeping the client from being told for longer is the client's own therapist's call, with
a reason and a future review date. Lifting is asked by that therapist, with a written
reason, and applied only when a current supervisor of theirs agrees (`disclosures.lifting`).
Every audit event names the disclosure request (`details["request"]`), so the client-facing
rule hides it while the restriction stands. A refusal changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from disclosures import lifting
from disclosures.audit_actions import Action
from disclosures.facts import restriction_problems
from disclosures.models import DisclosureRecord, LiftStatus, RestrictionLift
from practice import audit
from practice.models import User
from records.permissions import is_own_case_file

MAX_REASON = 5_000

DECISION_AUDIT = {
    lifting.AGREE: Action.RESTRICTION_LIFTED,
    lifting.DECLINE: Action.RESTRICTION_LIFT_DECLINED,
}


def _written(text: str, *, field: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: f"Write {what}: it is kept with the restriction."})
    if len(text) > MAX_REASON:
        raise ValidationError({field: f"Keep it under {MAX_REASON} characters."})
    return text


def _locked_record(record: DisclosureRecord) -> DisclosureRecord:
    """The disclosure's row, locked, with its restriction read afresh."""
    return (
        DisclosureRecord.objects.select_for_update(of=("self",))
        .select_related("case_file", "request")
        .get(pk=record.pk)
    )


def _waiting_lift(row: DisclosureRecord) -> RestrictionLift | None:
    return row.lifts.filter(status=LiftStatus.ASKED).first()


def _details(row: DisclosureRecord, **more) -> dict:
    return {"request": str(row.request.ref), "disclosure": str(row.ref), **more}


def restriction_keep(
    *,
    actor: User,
    record: DisclosureRecord,
    reason: str,
    review_on: date | None,
) -> DisclosureRecord:
    """Keep the client from being told until `review_on`, for `reason` (a RestrictionReason)."""
    if not is_own_case_file(actor, record.case_file):
        raise PermissionDenied("Only the client's own therapist can keep a restriction.")
    problems = restriction_problems(reason=reason, review_on=review_on)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic(durable=True):
        row = _locked_record(record)
        if not row.restricted:
            raise ValidationError("This disclosure is not restricted.")
        if _waiting_lift(row) is not None:
            raise ValidationError(
                "A request to lift this restriction is waiting for your supervisor. "
                "Withdraw it first if the restriction should stay."
            )
        row.restricted_reason, row.restricted_review_on = reason, review_on
        row.save(update_fields=["restricted_reason", "restricted_review_on"])
        audit.record(
            action=Action.RESTRICTION_KEPT,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details=_details(row, reason=reason, review_on=review_on.isoformat()),
        )
    return row


def restriction_lift_ask(
    *,
    actor: User,
    record: DisclosureRecord,
    reason: str,
) -> RestrictionLift:
    """Ask the supervisor to agree that the client may now be told. Nothing is lifted yet."""
    if not lifting.may_ask_lift(actor, record):
        raise PermissionDenied("Only the client's own therapist can ask to lift a restriction.")
    reason = _written(reason, field="reason", what="why the client may now be told")
    with transaction.atomic(durable=True):
        row = _locked_record(record)
        if not row.restricted:
            raise ValidationError("This disclosure is not restricted.")
        if _waiting_lift(row) is not None:
            raise ValidationError("A request to lift this restriction is already waiting.")
        lift = RestrictionLift(
            disclosure=row, asked_by=actor, asked_at=timezone.now(), status=LiftStatus.ASKED
        )
        lift.set_reason(reason)
        lift.save()
        audit.record(
            action=Action.RESTRICTION_LIFT_ASKED,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details=_details(row, lift=str(lift.ref)),
        )
    return lift


def _locked_lift(lift: RestrictionLift) -> tuple[RestrictionLift, DisclosureRecord]:
    """The lift and its disclosure, both locked (disclosure first, as every path here locks),
    with their states read afresh."""
    row = _locked_record(DisclosureRecord(pk=lift.disclosure_id))
    fresh = RestrictionLift.objects.select_for_update(of=("self",)).get(pk=lift.pk)
    fresh.disclosure = row
    return fresh, row


def restriction_lift_decide(
    *,
    actor: User,
    lift: RestrictionLift,
    decision: str,
    response: str,
) -> RestrictionLift:
    """The supervisor agrees (the restriction is lifted now) or declines (it stands).

    Two supervisors acting at once queue on the locks; the second re-reads a decided lift
    and is refused by the table."""
    if decision not in DECISION_AUDIT:
        raise ValidationError({"decision": "Choose whether you agree."})
    response = _written(response, field="response", what="your reasons")
    with transaction.atomic(durable=True):
        fresh, row = _locked_lift(lift)
        source = fresh.status
        target = lifting.MACHINE.check(actor=actor, obj=fresh, action=decision)
        if decision == lifting.AGREE:
            if not row.restricted:
                raise ValidationError("This disclosure is no longer restricted.")
            row.restricted, row.restricted_reason, row.restricted_review_on = False, "", None
            row.save(update_fields=["restricted", "restricted_reason", "restricted_review_on"])
        fresh.status, fresh.decided_by, fresh.decided_at = target, actor, timezone.now()
        fresh.set_response(response)
        fresh.save(update_fields=["status", "decided_by", "decided_at", "response"])
        audit.record(
            action=DECISION_AUDIT[decision],
            actor=actor,
            target_ref=row.case_file.record_ref,
            details=_details(row, lift=str(fresh.ref), **{"from": source, "to": target}),
        )
    return fresh


def restriction_lift_withdraw(*, actor: User, lift: RestrictionLift) -> RestrictionLift:
    """The therapist who asked takes the request back; the restriction stands."""
    with transaction.atomic(durable=True):
        fresh, row = _locked_lift(lift)
        source = fresh.status
        target = lifting.MACHINE.check(actor=actor, obj=fresh, action=lifting.WITHDRAW)
        fresh.status = target
        fresh.save(update_fields=["status"])
        audit.record(
            action=Action.RESTRICTION_LIFT_WITHDRAWN,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details=_details(row, lift=str(fresh.ref), **{"from": source, "to": target}),
        )
    return fresh
