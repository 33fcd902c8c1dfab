"""Sending a request for review, the supervisor's decisions, withdrawing and closing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from disclosures import identifiers, machine, notify, steps
from disclosures.audit_actions import Action
from disclosures.models import DisclosureRequest, EmergencyVerdict
from disclosures.services.common import advance, locked
from practice import audit
from practice.actions import reads
from practice.models import User

DECISION_AUDIT = {
    machine.APPROVE: Action.APPROVED,
    machine.DECLINE: Action.DECLINED,
    machine.REQUEST_CHANGES: Action.CHANGES_REQUESTED,
    machine.REVIEW: Action.REVIEWED,
}
MAX_REASONS = 10_000


@reads("what still stops a request being sent")
def submission_problems(row: DisclosureRequest) -> list[str]:
    """Why this request is not ready to send for review ([] when it is)."""
    problems = [f"Complete the step '{step.title}'." for step in steps.missing(row)]
    if row.kind == "authority_request" and row.authority_route == "ask_for_order":
        problems.append(
            "You chose to ask for a court order or warrant first: reply asking for one and "
            "withdraw this request. Raise a new one if an order arrives."
        )
    return problems


def request_submit(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    identifiers_checked_version: int | None = None,
    site_url: str = "",
) -> DisclosureRequest:
    """Send the request for review. When its text holds the client's own identifiers, it
    goes only once the therapist has checked that very version (`identifiers_checked_version`
    is the version the warning named); otherwise `IdentifiersFound` says where, and the
    trail records that a warning was shown, by field name only."""
    try:
        with transaction.atomic(durable=True):
            row = locked(disclosure)
            machine.MACHINE.check(actor=actor, obj=row, action=machine.SUBMIT)
            problems = submission_problems(row)
            if problems:
                raise ValidationError(problems, code="incomplete")
            matches = identifiers.identifier_matches(row)
            if matches and identifiers_checked_version != row.version:
                raise identifiers.IdentifiersFound(matches, version=row.version)
            row = advance(
                actor=actor,
                disclosure=row,
                action=machine.SUBMIT,
                audit_action=Action.SUBMITTED,
                details={"identifiers_confirmed": [m.field.key for m in matches]}
                if matches
                else None,
            )
            row.submitted_at = timezone.now()
            row.save(update_fields=["submitted_at"])
            notify.after_commit_to_supervisors(row, site_url=site_url, emergency=False)
    except identifiers.IdentifiersFound as warning:
        with transaction.atomic(durable=True):
            audit.record(
                action=Action.IDENTIFIERS_WARNED,
                actor=actor,
                target_ref=disclosure.case_file.record_ref,
                details={
                    "request": str(disclosure.ref),
                    **identifiers.audit_details(warning.matches),
                },
            )
        raise
    return row


def request_withdraw(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    reasons: str = "",
) -> DisclosureRequest:
    with transaction.atomic(durable=True):
        return advance(
            actor=actor,
            disclosure=disclosure,
            action=machine.WITHDRAW,
            audit_action=Action.WITHDRAWN,
            reasons=reasons[:MAX_REASONS],
        )


def request_decide(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    decision: str,
    reasons: str,
    verdict: str = "",
    site_url: str = "",
) -> DisclosureRequest:
    """Approve, decline, ask for changes, or review an emergency disclosure: with reasons.

    The review of an emergency disclosure ends in a verdict (`EmergencyVerdict`): was acting
    at once justified? Two reviewers acting at once queue on the row lock; the second
    re-reads a decided state and is refused by the table, so only one decision is made."""
    if decision not in DECISION_AUDIT:
        raise ValidationError("Choose a decision.")
    if decision == machine.REVIEW and verdict not in EmergencyVerdict.values:
        raise ValidationError({"verdict": "Choose whether acting at once was justified."})
    if decision != machine.REVIEW and verdict:
        raise ValidationError("A verdict belongs only to the review of an emergency disclosure.")
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError("Write your reasons: they go on the request's record.")
    if len(reasons) > MAX_REASONS:
        raise ValidationError(f"Reasons are limited to {MAX_REASONS} characters.")
    with transaction.atomic(durable=True):
        details = {"verdict": verdict} if verdict else {}
        if decision == machine.APPROVE:
            # The approval freezes the words: their SHA-256 goes with the decision.
            approved = locked(disclosure).text_fingerprint()
            details["text_sha256"] = approved
        row = advance(
            actor=actor,
            disclosure=disclosure,
            action=decision,
            audit_action=DECISION_AUDIT[decision],
            reasons=reasons,
            details=details,
        )
        if decision != machine.REQUEST_CHANGES:
            row.decided_at = timezone.now()
            row.decided_by = actor
            row.save(update_fields=["decided_at", "decided_by"])
        if decision == machine.APPROVE:
            row.approved_sha256 = approved
            row.save(update_fields=["approved_sha256"])
        if decision == machine.REVIEW:
            row.emergency_verdict = verdict
            row.save(update_fields=["emergency_verdict"])
            row.disclosure.approved_by = actor
            row.disclosure.save(update_fields=["approved_by"])
        notify.after_commit_to_therapist(row, site_url=site_url)
    return row


def request_close(*, actor: User, disclosure: DisclosureRequest) -> DisclosureRequest:
    with transaction.atomic(durable=True):
        return advance(
            actor=actor,
            disclosure=disclosure,
            action=machine.CLOSE,
            audit_action=Action.CLOSED,
        )
