"""The changes waiting that a person may decide or withdraw, read for their pages."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from practice import access_grants, permissions
from practice.access_grants import GRANT_KINDS
from practice.account_changes.rules import Status, can_approve, can_cancel
from practice.models import (
    AccountChange,
    Supervision,
    User,
)
from practice.roles import Role


def pending_for(actor: User) -> QuerySet[AccountChange]:
    """Pending requests this person may decide or withdraw, newest first: in the database,
    the same people as `can_approve` or `can_cancel` (a test holds the two together)."""
    mine = Q(requested_by=actor)
    not_involved = ~Q(requested_by=actor) & ~Q(account=actor) & ~Q(counterpart=actor)
    if permissions.can_manage_staff(actor):
        decide = not_involved
    elif actor.has_role(Role.SUPERVISOR):
        supervised = permissions.supervisee_ids(actor)
        decide = not_involved & Q(account_id__in=supervised) & ~Q(kind__in=GRANT_KINDS)
    else:
        decide = Q(pk__in=[])
    return (
        AccountChange.objects.filter(status=Status.PENDING)
        .filter(mine | decide)
        .select_related("account", "requested_by", "counterpart")
        .order_by("-requested_at", "-pk")
    )


def with_supervisors(changes: list[AccountChange]) -> list[AccountChange]:
    """Read each account's current supervisors in one query, so `can_approve` on a page of
    changes asks the database nothing more."""
    supervisors: dict[int, set[int]] = {change.account_id: set() for change in changes}
    links = Supervision.objects.in_force().filter(therapist_id__in=list(supervisors))
    for therapist_id, supervisor_id in links.values_list("therapist_id", "supervisor_id"):
        supervisors[therapist_id].add(supervisor_id)
    for change in changes:
        change.account_supervisor_ids = supervisors[change.account_id]
    return changes


def change_for(actor: User, ref) -> AccountChange | None:
    """One request, only if this person may decide or withdraw it, or would gain by a
    grant (so trying to approve it is refused with a reason, on the trail); else None."""
    change = (
        AccountChange.objects.select_related("account", "requested_by", "counterpart")
        .filter(ref=ref)
        .first()
    )
    if change is None:
        return None
    gains = change.kind in GRANT_KINDS and access_grants.gains_access(actor, change)
    if not (can_approve(actor, change) or can_cancel(actor, change) or gains):
        return None
    return change


def pending_of(account: User) -> list[AccountChange]:
    return list(
        AccountChange.objects.filter(account=account, status=Status.PENDING).select_related(
            "requested_by", "counterpart"
        )
    )
