"""Deciding a change: approving and applying it, refusing it, or withdrawing it."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from practice import access_grants, audit, sources
from practice.access_grants import GRANT_KINDS
from practice.account_changes.rules import (
    MACHINE,
    NO_SECOND_PERSON_LABEL,
    SERVER_LABEL,
    Kind,
    Status,
)
from practice.account_changes.telling import describe, moment_text, tell, told_of
from practice.audit_actions import Action
from practice.models import (
    AccountChange,
    RecoveryCodeDevice,
    User,
)
from practice.transitions import TransitionRefused


def email_change_now(*, change: AccountChange) -> None:
    """An e-mail change to an account that needs no second person (no role in the window):
    applied at once, but on the same path: stamped, audited, the old address told."""
    change.status = Status.APPLIED
    change.decided_by_label = NO_SECOND_PERSON_LABEL
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by_label", "decided_at"])
    _apply(change)


def _locked(change: AccountChange) -> AccountChange:
    return AccountChange.objects.select_for_update().select_related("account").get(pk=change.pk)


def _apply(change: AccountChange) -> None:
    account = User.objects.select_for_update().get(pk=change.account_id)
    old_email = account.email
    if change.kind in GRANT_KINDS:
        access_grants.apply(change)
        tell(told_of(change), "A change to your account was made", f"{describe(change)}")
        return
    if change.kind == Kind.EMAIL:
        account.email = change.new_email
        account.email_changed_at = timezone.now()
        account.email_changed_by_id = change.requested_by_id
        account.save(update_fields=["email", "email_changed_at", "email_changed_by"])
    elif change.kind == Kind.PASSWORD:
        # The old password stops working and every session ends; the owner chooses a new
        # one through "Forgotten your password?" (never a link chosen by the requester).
        account.password = make_password(None)
        account.save(update_fields=["password"])
    else:
        TOTPDevice.objects.filter(user=account).delete()
        RecoveryCodeDevice.objects.filter(user=account).delete()
        WebAuthnCredential.objects.filter(user=account).delete()
    next_step = {
        Kind.EMAIL: f"Messages now go to {change.new_email}.",
        Kind.PASSWORD: "Choose a new password with 'Forgotten your password?' on the sign-in page.",
        Kind.SECOND_FACTOR: "You will set up a new second factor at your next sign-in.",
    }[change.kind]
    tell(
        [old_email, account.email],
        "A change to your account was made",
        f"{describe(change)} {next_step}",
    )


def account_change_approve(*, actor: User | None, change: AccountChange) -> AccountChange:
    """Approve and apply. `actor=None` only from the server command (nobody to approve).

    An approval by the requester, or by the person the change gives access to, changes
    nothing and is kept on the trail."""
    try:
        return _approve(actor=actor, change=change)
    except TransitionRefused as error:
        if actor is None or error.code != "party" or change.kind not in GRANT_KINDS:
            raise
        if actor.pk == change.requested_by_id:
            code, reason = "self_approval", "You asked for this change: another admin approves it."
        elif actor.pk in (change.account_id, change.counterpart_id):
            code, reason = "self_benefit", "You cannot approve a change that gives you access."
        else:
            code, reason = "not_second_person", "Only another admin can approve this change."
        access_grants.blocked(actor=actor, account=change.account, kind=change.kind, code=code)
        raise TransitionRefused(reason, code="party") from error


def _approve(*, actor: User | None, change: AccountChange) -> AccountChange:
    with transaction.atomic(durable=True):
        change = _locked(change)
        if actor is not None:
            MACHINE.check(actor=actor, obj=change, action="approve")
        elif change.status != Status.PENDING:
            raise TransitionRefused(MACHINE.refusals["approve"])
        if change.is_expired:
            raise TransitionRefused(
                f"This request expired on {moment_text(change.expires_at)}. Ask again if it is "
                "still needed."
            )
        change.status = Status.APPLIED
        change.decided_by = actor
        change.decided_by_label = actor.username if actor else SERVER_LABEL
        change.decided_at = timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_by_label", "decided_at"])
        _apply(change)
        audit.record(
            action=Action.ACCOUNT_CHANGE_APPROVED,
            actor=actor,
            actor_label="" if actor else SERVER_LABEL,
            target_ref=str(change.account.ref),
            source=sources.current() or "server",  # outside a request: the server
            details={
                "kind": change.kind,
                "change": str(change.ref),
                "requested_by": change.requested_by.username if change.requested_by else "",
                **({"role": change.role} if change.role else {}),
            },
        )
    return change


def _close(*, actor: User, change: AccountChange, action: str, event: str) -> AccountChange:
    with transaction.atomic(durable=True):
        change = _locked(change)
        change.status = MACHINE.check(actor=actor, obj=change, action=action)
        if action != "cancel":  # the requester withdrawing is not a second person deciding
            change.decided_by = actor
        change.decided_by_label = actor.username
        change.decided_at = timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_by_label", "decided_at"])
        audit.record(
            action=event,
            actor=actor,
            target_ref=str(change.account.ref),
            details={"kind": change.kind, "change": str(change.ref)},
        )
    return change


def account_change_refuse(*, actor: User, change: AccountChange) -> AccountChange:
    return _close(
        actor=actor,
        change=change,
        action="refuse",
        event=Action.ACCOUNT_CHANGE_REFUSED,
    )


def account_change_cancel(*, actor: User, change: AccountChange) -> AccountChange:
    return _close(
        actor=actor,
        change=change,
        action="cancel",
        event=Action.ACCOUNT_CHANGE_CANCELLED,
    )
