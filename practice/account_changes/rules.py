"""Who may ask for an account change and who may decide it: the second-person rule and the
table of its moves."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from practice import permissions
from practice.access_grants import GRANT_KINDS
from practice.audit_actions import Action
from practice.models import (
    AccountChange,
    AuditEvent,
    User,
)
from practice.roles import Role
from practice.transitions import StateMachine, Transition

Kind, Status = AccountChange.Kind, AccountChange.Status


SERVER_LABEL = "server-command"


NO_SECOND_PERSON_LABEL = "no second person needed"


def needs_second_person(account: User) -> bool:
    """Every account that holds a role can reach client data in some way; so can one that
    held a role at any time in the window, or whose roles changed in it, or that waits
    for a role (taking the roles off first does not take the rule off)."""
    if account.role_names & set(Role.values):
        return True
    since = timezone.now() - timedelta(days=settings.ACCOUNT_ROLE_WINDOW_DAYS)
    events = AuditEvent.objects.filter(
        target_ref=str(account.ref),
        action__in=[Action.STAFF_CREATED, Action.STAFF_UPDATED],
        created_at__gte=since,
    ).values_list("details", flat=True)
    for details in events:
        if any(details.get(key) for key in ("roles", "roles_before", "roles_after")):
            return True
    return AccountChange.objects.filter(
        account=account, kind=Kind.ROLE, status=Status.PENDING
    ).exists()


def can_request(actor: User, account: User, kind: str = Kind.EMAIL) -> bool:
    """An admin asks; for a grant of access even for themselves (someone else approves)."""
    if kind in GRANT_KINDS:
        return permissions.can_manage_staff(actor)
    return permissions.can_manage_staff(actor) and actor.pk != account.pk


def can_approve(actor: User, change: AccountChange) -> bool:
    if actor.pk in (change.requested_by_id, change.account_id, change.counterpart_id):
        return False
    if change.kind in GRANT_KINDS:  # another admin only: a supervisor does not grant access
        return permissions.is_practice_admin(actor)
    if permissions.can_manage_staff(actor):
        return True
    known = getattr(change, "account_supervisor_ids", None)  # read with the list (below)
    if known is not None:
        return actor.has_role(Role.SUPERVISOR) and actor.pk in known
    return permissions.supervises(actor, change.account_id)


def can_cancel(actor: User, change: AccountChange) -> bool:
    return actor.pk == change.requested_by_id


MACHINE = StateMachine(
    "account change",
    states=Status.values,
    transitions=[
        Transition(Status.PENDING, "approve", Status.APPLIED, "second_person"),
        Transition(Status.PENDING, "refuse", Status.REFUSED, "second_person"),
        Transition(Status.PENDING, "cancel", Status.CANCELLED, "requester"),
    ],
    parties={"second_person": can_approve, "requester": can_cancel},
    refusals={
        "approve": "This request was already decided.",
        "refuse": "This request was already decided.",
        "cancel": "This request was already decided.",
    },
)


def email_recently_set_by_someone_else(user: User) -> bool:
    """No password-reset link goes to an address someone else set in the last 7 days."""
    if user.email_changed_at is None or user.email_changed_by_id in (None, user.pk):
        return False
    window = timedelta(days=settings.EMAIL_CHANGE_COOLING_DAYS)
    return timezone.now() - user.email_changed_at < window
