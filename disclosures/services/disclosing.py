"""Recording a disclosure made: after approval, or at once in an emergency."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from disclosures import court_orders, machine, notify, steps
from disclosures.audit_actions import Action
from disclosures.facts import Disclosed
from disclosures.models import DisclosureRecord, DisclosureRequest
from disclosures.services.common import advance, locked, review_due_on
from practice.models import User

EMERGENCY_STEPS = ("kind", "situation", "recipient")


def _record(row: DisclosureRequest, facts: Disclosed, *, actor: User, emergency: bool) -> None:
    problems = facts.problems()
    if emergency and facts.disclosed_time is None:
        problems["disclosed_time"] = (
            "Give the time you disclosed, to the minute (for example 14:05)."
        )
    if problems:
        raise ValidationError(problems)
    record = DisclosureRecord(
        request=row,
        case_file=row.case_file,
        disclosed_on=facts.disclosed_on,
        disclosed_time=(
            facts.disclosed_time.replace(second=0, microsecond=0) if facts.disclosed_time else None
        ),
        method=facts.method,
        disclosed_by=actor,
        approved_by=None if emergency else row.decided_by,
        emergency=emergency,
        restricted=facts.restricted,
        restricted_reason=facts.restricted_reason if facts.restricted else "",
        restricted_review_on=facts.restricted_review_on if facts.restricted else None,
    )
    record.set_recipient(facts.recipient.strip())
    record.set_what_was_sent(facts.what_was_sent.strip())
    record.set_purpose(row.get_reason())
    record.set_legal_basis(row.get_legal_basis())
    record.save()


def request_disclose(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    facts: Disclosed,
) -> DisclosureRequest:
    """The therapist records the disclosure an approved request allowed."""
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        machine.MACHINE.check(actor=actor, obj=row, action=machine.DISCLOSE)
        if refusal := court_orders.disclose_refusal(row):
            raise ValidationError(refusal)
        _record(row, facts, actor=actor, emergency=False)
        return advance(
            actor=actor,
            disclosure=row,
            action=machine.DISCLOSE,
            audit_action=Action.DISCLOSED,
            details={"restricted": facts.restricted, "method": facts.method},
        )


def request_disclose_emergency(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    facts: Disclosed,
    why_urgent: str,
    site_url: str = "",
) -> DisclosureRequest:
    """Disclosed at once because of an immediate risk: recorded now, reviewed afterwards."""
    if not why_urgent.strip():
        raise ValidationError({"why_urgent": "Say what the immediate risk was."})

    with transaction.atomic(durable=True):
        row = locked(disclosure)
        machine.MACHINE.check(actor=actor, obj=row, action=machine.DISCLOSE_EMERGENCY)
        todo = [s.title for s in steps.missing(row) if s.name in EMERGENCY_STEPS]
        if todo:
            raise ValidationError(
                "Even in an emergency, record these steps first: " + "; ".join(todo) + "."
            )
        _record(row, facts, actor=actor, emergency=True)
        row.is_emergency = True
        row.review_due_on = review_due_on(timezone.localdate())
        row.save(update_fields=["is_emergency", "review_due_on"])
        row = advance(
            actor=actor,
            disclosure=row,
            action=machine.DISCLOSE_EMERGENCY,
            audit_action=Action.EMERGENCY_DISCLOSED,
            reasons=why_urgent[:10_000],
            details={"restricted": facts.restricted, "review_due": str(row.review_due_on)},
        )
        notify.after_commit_to_supervisors(row, site_url=site_url, emergency=True)
    return row
