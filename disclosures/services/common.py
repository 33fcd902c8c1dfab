"""Pieces every disclosure action shares: the lock, the state check and the history row.

These run inside the caller's transaction; the top-level actions own `atomic(durable=True)`.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from disclosures.machine import MACHINE
from disclosures.models import DisclosureRequest, RequestEvent
from practice.fields import EncryptedTextField
from practice.models import PracticeProfile, User
from practice.working_days import add_working_days

REVIEW_WORKING_DAYS = 2


def review_due_on(disclosed_on: date) -> date:
    """An emergency disclosure is reviewed within two working days: weekends and the
    practice nation's bank holidays do not count (the subject access calendar)."""
    nation = PracticeProfile.load().nation
    return add_working_days(disclosed_on, REVIEW_WORKING_DAYS, nation=nation)


def locked(disclosure: DisclosureRequest) -> DisclosureRequest:
    """The request's row, locked until the transaction ends, with its state read afresh."""
    fresh = (
        DisclosureRequest.objects.select_for_update(of=("self",))
        .select_related("case_file", "therapist")
        .get(pk=disclosure.pk)
    )
    return fresh


def advance(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    action: str,
    audit_action: str,
    reasons: str = "",
    details: dict | None = None,
) -> DisclosureRequest:
    """The engine's move (`MACHINE.advance`), with the request's version and history row."""

    def and_keep_history(row: DisclosureRequest, source: str) -> None:
        row.version += 1
        history(row, actor=actor, action=action, source=source, reasons=reasons)

    return MACHINE.advance(
        disclosure,
        actor=actor,
        action=action,
        audit_action=audit_action,
        target_ref=disclosure.case_file.record_ref,
        details={"request": str(disclosure.ref), **(details or {})},
        change=and_keep_history,
        queryset=DisclosureRequest.objects.select_related("case_file", "therapist"),
        update_fields=["status", "version", "updated_at"],
    )


def history(
    row: DisclosureRequest, *, actor: User, action: str, source: str, reasons: str = ""
) -> RequestEvent:
    event = RequestEvent(
        request=row,
        action=action,
        from_status=source,
        to_status=row.status,
        actor=actor,
        at=timezone.now(),
    )
    event.set_reasons(reasons.strip())
    event.save()
    return event


def assign(row, values: dict) -> list[str]:
    """Set plain and encrypted fields alike from a step's values; returns the columns set."""
    columns = []
    for name, value in values.items():
        field = row._meta.get_field(name)
        if isinstance(field, EncryptedTextField):
            getattr(row, f"set_{name}")((value or "").strip())
        else:
            setattr(row, name, value if value is not None else field.get_default())
        columns.append(field.attname)
    return columns


def require_requester(actor: User, row: DisclosureRequest) -> None:
    from disclosures.permissions import is_requester

    if not is_requester(actor, row):
        raise PermissionDenied("Only the therapist who raised this request can do that.")
