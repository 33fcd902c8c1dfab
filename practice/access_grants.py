"""Grants of access to client data are account changes: asked by one, applied by another.

Giving any account (one's own above all) a role that reads client data (therapist,
supervisor, and admin, which approves grants and compiles subject access exports), linking a
supervisor to a therapist, and moving a caseload are asked for by one admin and applied
only when a second admin approves (in a practice with one admin: the data-protection
contact, on the server, with `manage.py account_change --approve`). Nobody decides a change
that gives them access, and a caseload never moves to the person who asked for the move.
Only the installation itself (the first account, the demo) grants directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from practice import audit, permissions
from practice.audit_actions import Action
from practice.models import AccountChange, Supervision, User
from practice.roles import Role

Kind = AccountChange.Kind

# Roles that read client data. The admin role counts: an admin compiles subject access
# exports, and approves grants, so a second admin made by the first alone would approve the
# first's grants. The executor role counts: an activated professional will shows an executor
# a therapist's clients' names and how to reach them.
DATA_ROLES = frozenset({Role.THERAPIST, Role.SUPERVISOR, Role.ADMIN, Role.EXECUTOR})
GRANT_KINDS = frozenset({Kind.ROLE, Kind.SUPERVISION, Kind.CASELOAD})

# `clients` moves the case files and clients (registered at start-up: practice never
# imports the apps above it).
CaseloadMover = Callable[[AccountChange], None]
_caseload_mover: list[CaseloadMover] = []


def register_caseload_mover(mover: CaseloadMover) -> None:
    _caseload_mover[:] = [mover]


# Apps above may refuse a successor for a leaver's caseload (`wills`: the executor of the
# leaver's professional will never becomes the records' reader). Each answers the reason
# or "".
SuccessorCheck = Callable[[User, User], str]
_successor_checks: list[SuccessorCheck] = []


def register_successor_check(check: SuccessorCheck) -> None:
    if check not in _successor_checks:
        _successor_checks.append(check)


def successor_refusal(leaver: User, successor: User) -> str:
    for check in _successor_checks:
        reason = check(leaver, successor)
        if reason:
            return reason
    return ""


class GrantRefused(ValidationError):
    """A grant that must not happen; `code` names the rule, for the audit event."""


def gains_access(actor: User, change: AccountChange) -> bool:
    """The person this change would let read client data they cannot read now."""
    gainer = change.account_id if change.kind == Kind.ROLE else change.counterpart_id
    return actor.pk == gainer


def refusal(
    *,
    actor: User,
    account: User,
    kind: str,
    role: str = "",
    counterpart: User | None = None,
) -> GrantRefused | None:
    """Why this grant may not even be asked for, or None."""
    if kind == Kind.ROLE:
        if role not in DATA_ROLES:
            return GrantRefused("Choose a role that reads client data.", code="invalid")
        if role in account.role_names:
            return GrantRefused(f"{account.username} already holds that role.", code="invalid")
    elif kind == Kind.SUPERVISION:
        if counterpart is None or counterpart.pk == account.pk:
            return GrantRefused("A therapist cannot supervise themselves.", code="invalid")
        if not account.has_role(Role.THERAPIST):
            return GrantRefused("Only a therapist can be supervised.", code="invalid")
        if not counterpart.has_role(Role.SUPERVISOR):
            return GrantRefused(
                f"{counterpart.username} does not hold the supervisor role.", code="invalid"
            )
    elif kind == Kind.CASELOAD:
        allowed, reason = permissions.can_transfer_caseload(actor, account)
        if not allowed:
            return GrantRefused(reason, code="own_caseload")
        if counterpart is not None and counterpart.pk == actor.pk:
            return GrantRefused(
                "A caseload never moves to the person who asks for the move: choose another "
                "therapist, or ask another admin to request the move.",
                code="to_asker",
            )
        if (
            counterpart is None
            or counterpart.pk == account.pk
            or not permissions.is_therapist(counterpart)
        ):
            return GrantRefused("Choose another therapist whose account is active.", code="invalid")
        if reason := successor_refusal(account, counterpart):
            return GrantRefused(reason, code="executor")
    return None


def blocked(
    *,
    actor: User | None,
    account: User,
    kind: str,
    code: str,
) -> None:
    """Keep a refused attempt on the trail, in its own transaction (the attempt changed
    nothing: its own transaction, if any, has rolled back)."""
    with transaction.atomic():
        audit.record(
            action=Action.ACCOUNT_CHANGE_BLOCKED,
            actor=actor,
            target_ref=str(account.ref),
            details={"kind": kind, "rule": code},
        )


# -- applying (inside the approval's transaction) ------------------------------------------


def supervision_link_create(
    *,
    actor,
    therapist: User,
    supervisor: User,
    starts_on: date | None,
    change: AccountChange | None = None,
) -> Supervision:
    """A piece of a transaction: the link, checked again, and its audit event."""
    if not therapist.has_role(Role.THERAPIST):
        raise ValidationError("Only a therapist can be supervised.")
    if not supervisor.has_role(Role.SUPERVISOR):
        raise ValidationError(f"{supervisor.username} does not hold the supervisor role.")
    link = Supervision(
        therapist=therapist, supervisor=supervisor, starts_on=starts_on or timezone.localdate()
    )
    link.full_clean()
    if (
        Supervision.objects.current(link.starts_on)
        .filter(therapist=therapist, supervisor=supervisor)
        .exists()
    ):
        raise ValidationError(f"{supervisor.username} already supervises {therapist.username}.")
    link.save()
    details = {"supervisor": str(supervisor.ref), "link": str(link.ref)}
    if change is not None:
        details["change"] = str(change.ref)
    audit.record(
        action=Action.SUPERVISION_STARTED,
        actor=actor,
        target_ref=str(therapist.ref),
        details=details,
    )
    return link


def _role_add(change: AccountChange) -> None:
    account = change.account
    before = sorted(account.role_names)
    if change.role in before:
        raise ValidationError(f"{account.username} already holds that role.")
    account.groups.add(Group.objects.get(name=change.role))
    if hasattr(account, "_role_names"):
        del account._role_names
    audit.record(
        action=Action.STAFF_UPDATED,
        actor=change.requested_by,
        target_ref=str(account.ref),
        details={
            "fields": [],
            "roles_before": before,
            "roles_after": sorted({*before, change.role}),
            "change": str(change.ref),
        },
    )


def apply(change: AccountChange) -> None:
    """Make an approved grant, checking it again: the world may have moved since it was asked."""
    if change.kind == Kind.ROLE:
        _role_add(change)
    elif change.kind == Kind.SUPERVISION:
        supervision_link_create(
            actor=change.requested_by,
            therapist=change.account,
            supervisor=change.counterpart,
            starts_on=change.starts_on,
            change=change,
        )
    else:
        if not _caseload_mover:
            raise ValidationError("Caseloads cannot be moved on this installation.")
        if change.counterpart_id == change.requested_by_id or not permissions.is_therapist(
            change.counterpart
        ):
            raise ValidationError("The therapist chosen no longer holds an active account.")
        if reason := successor_refusal(change.account, change.counterpart):
            raise ValidationError(reason)
        _caseload_mover[0](change)


def describe_grant(change: AccountChange) -> str:
    """What is granted, in words for the owner's notice and the lists (no client data)."""
    if change.kind == Kind.ROLE:
        return f"the {Role(change.role).label.lower()} role for {change.account.username}"
    if change.kind == Kind.SUPERVISION:
        return f"{change.counterpart.username} supervising {change.account.username}" + (
            f" from {change.starts_on:%d %b %Y}" if change.starts_on else ""
        )
    return f"{change.account.username}'s caseload moving to {change.counterpart.username}"
