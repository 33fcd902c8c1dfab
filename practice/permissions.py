"""Who may do what. Small predicates; no HTTP here."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from practice.models import User
from practice.roles import DASHBOARDS, Role

_NAV_LABELS = {
    "therapist_dashboard": "Caseload",
    "supervisor_dashboard": "Reviews",
    "admin_dashboard": "Practice admin",
}


def is_therapist(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.THERAPIST)


def is_supervisor(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.SUPERVISOR)


def is_practice_admin(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN)


def can_manage_staff(user: User) -> bool:
    return is_practice_admin(user)


def can_edit_practice(user: User) -> bool:
    return is_practice_admin(user)


def can_view_audit_trail(user: User) -> bool:
    return is_practice_admin(user)


def can_deactivate(actor: User, target: User) -> tuple[bool, str]:
    """Admins deactivate staff, but never themselves (someone must be left to sign in)."""
    if not can_manage_staff(actor):
        return False, "Only an admin can deactivate accounts."
    if actor.pk == target.pk:
        return False, "You cannot deactivate your own account."
    return True, ""


def can_transfer_caseload(actor: User, leaver: User) -> tuple[bool, str]:
    """Admins move a departing therapist's caseload, but never their own."""
    if not can_manage_staff(actor):
        return False, "Only an admin can move a caseload."
    if actor.pk == leaver.pk:
        return False, "You cannot hand over your own caseload: ask another admin."
    return True, ""


def dashboards_for(user: User) -> list[tuple[str, str]]:
    return [(_NAV_LABELS[name], name) for role, name in DASHBOARDS if user.has_role(role)]


def require(predicate):
    """View decorator: 403 unless `predicate(request.user)` holds (login checked first)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
