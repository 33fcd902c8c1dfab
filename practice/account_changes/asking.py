"""Asking for a change: by an admin (decided by a second person), or by the server itself."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from practice import access_grants, audit
from practice.access_grants import GRANT_KINDS
from practice.account_changes.deciding import account_change_approve
from practice.account_changes.rules import SERVER_LABEL, Kind, Status, can_request
from practice.account_changes.telling import moment_text, tell, told_of, what
from practice.audit_actions import Action
from practice.models import (
    AccountChange,
    User,
)


def _validate(account: User, kind: str, new_email: str, role: str = "") -> None:
    if kind not in Kind.values:
        raise ValidationError("Unknown kind of change.")
    if kind == Kind.EMAIL:
        if not new_email:
            raise ValidationError("Give the new e-mail address.")
        if new_email.lower() == (account.email or "").lower():
            raise ValidationError("That is already the account's e-mail address.")
    waiting = AccountChange.objects.filter(account=account, kind=kind, status=Status.PENDING)
    if kind == Kind.ROLE:
        waiting = waiting.filter(role=role)
    if waiting.filter(expires_at__gt=timezone.now()).exists():
        raise ValidationError(
            f"A {Kind(kind).label} for {account.username} is already waiting for approval."
        )


def request_change(
    *,
    actor: User,
    account: User,
    kind: str,
    new_email: str = "",
    role: str = "",
    counterpart: User | None = None,
    starts_on=None,
) -> AccountChange:
    """Record a request inside the caller's transaction (staff_update uses this)."""
    if not can_request(actor, account, kind):
        raise PermissionDenied("Only another admin can ask for this change to an account.")
    if kind in GRANT_KINDS:
        refused = access_grants.refusal(
            actor=actor, account=account, kind=kind, role=role, counterpart=counterpart
        )
        if refused is not None:
            raise refused
    _validate(account, kind, new_email, role)
    now = timezone.now()
    change = AccountChange.objects.create(
        account=account,
        kind=kind,
        new_email=new_email if kind == Kind.EMAIL else "",
        role=role if kind == Kind.ROLE else "",
        counterpart=counterpart if kind in (Kind.SUPERVISION, Kind.CASELOAD) else None,
        starts_on=starts_on if kind == Kind.SUPERVISION else None,
        requested_by=actor,
        requested_at=now,
        expires_at=now + timedelta(hours=settings.ACCOUNT_CHANGE_HOURS),
    )
    details = {"kind": kind, "change": str(change.ref)}
    if kind == Kind.ROLE:
        details["role"] = role
    if change.counterpart_id:
        details["to"] = str(counterpart.ref)
    audit.record(
        action=Action.ACCOUNT_CHANGE_REQUESTED,
        actor=actor,
        target_ref=str(account.ref),
        details=details,
    )
    tell(
        told_of(change),
        "A change to your account was requested",
        f"{actor.username} asked for a {what(change)} of your account "
        f"{account.username} on {moment_text(now)}. Nothing changes until a second person "
        "approves it.",
    )
    return change


def account_change_request(
    *,
    actor: User,
    account: User,
    kind: str,
    new_email: str = "",
    role: str = "",
    counterpart: User | None = None,
    starts_on=None,
) -> AccountChange:
    """Ask for a change. A grant refused by a rule (the move to the asker, an admin's own
    caseload) changes nothing and is kept on the trail."""
    try:
        with transaction.atomic(durable=True):
            return request_change(
                actor=actor,
                account=account,
                kind=kind,
                new_email=new_email,
                role=role,
                counterpart=counterpart,
                starts_on=starts_on,
            )
    except access_grants.GrantRefused as error:
        if error.code != "invalid":
            access_grants.blocked(actor=actor, account=account, kind=kind, code=error.code)
        raise


def server_request(*, account: User, kind: str, new_email: str = "") -> AccountChange:
    """From `manage.py account_change`: a request by the server itself, applied at once."""
    _validate(account, kind, new_email)
    now = timezone.now()
    with transaction.atomic(durable=True):
        change = AccountChange.objects.create(
            account=account,
            kind=kind,
            new_email=new_email if kind == Kind.EMAIL else "",
            requested_at=now,
            expires_at=now + timedelta(hours=settings.ACCOUNT_CHANGE_HOURS),
        )
        audit.record(
            action=Action.ACCOUNT_CHANGE_REQUESTED,
            actor_label=SERVER_LABEL,
            target_ref=str(account.ref),
            source="server",
            details={"kind": kind, "change": str(change.ref)},
        )
    return account_change_approve(actor=None, change=change)
