"""Who may do what. Small predicates; no HTTP here."""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from practice.actors import SystemActor
from practice.models import Supervision, User
from practice.roles import DASHBOARDS, Role

_NAV_LABELS = {
    "therapist_dashboard": "Caseload",
    "supervisor_dashboard": "Reviews",
    "admin_dashboard": "Practice admin",
    "will_executor": "Professional wills",
}


def _holds(user, role: str) -> bool:
    """Signed in and holding `role`; False for no one (None) and for the system actor."""
    return getattr(user, "is_authenticated", False) and user.has_role(role)


def is_system(actor) -> bool:
    """The installation itself (demo seeding, a command, a test builder), never a person."""
    return isinstance(actor, SystemActor)


def is_therapist(user: User) -> bool:
    return _holds(user, Role.THERAPIST)


def is_supervisor(user: User) -> bool:
    return _holds(user, Role.SUPERVISOR)


def is_practice_admin(user: User) -> bool:
    return _holds(user, Role.ADMIN)


def is_executor(user: User) -> bool:
    return _holds(user, Role.EXECUTOR)


def supervises(user: User, therapist_id: int | None, *, on: date | None = None) -> bool:
    """THE rule of supervision: `user` holds the supervisor role and supervises the
    therapist `therapist_id` on the day (today by default), and is not that therapist."""
    return (
        is_supervisor(user)
        and therapist_id is not None
        and user.pk != therapist_id
        and Supervision.objects.in_force(on)
        .filter(supervisor_id=user.pk, therapist_id=therapist_id)
        .exists()
    )


def supervisee_ids(user: User, *, on: date | None = None) -> QuerySet:
    """The therapists `user` supervises on the day, as ids: a subquery for `__in`, no query
    of its own; empty for anyone who does not hold the supervisor role."""
    links = Supervision.objects.in_force(on) if is_supervisor(user) else Supervision.objects.none()
    return links.filter(supervisor_id=user.pk).values("therapist_id")


def supervisors_of(therapist_id: int, *, on: date | None = None) -> QuerySet[User]:
    """Who supervises the therapist on the day, by the same rule as `supervises`."""
    supervising = Supervision.objects.in_force(on).filter(therapist_id=therapist_id)
    return User.objects.filter(pk__in=supervising.values("supervisor_id")).order_by("username")


def can_manage_staff(user: User) -> bool:
    """Admins; and the system actor, which sets up the first accounts (demo, commands)."""
    return is_system(user) or is_practice_admin(user)


def can_edit_practice(user: User) -> bool:
    return is_system(user) or is_practice_admin(user)


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
