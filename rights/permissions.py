"""Who may do what at the data-protection desk. Small predicates; no HTTP.

The admin (the practice's data-protection lead) handles complaints: logs them, assigns
them, acknowledges, investigates and closes them. Anyone, with no account, may make one
through the public form; nobody else reads one.
"""

from __future__ import annotations

from practice.models import User
from practice.permissions import is_practice_admin


def may_handle_complaints(user: User | None) -> bool:
    return user is not None and user.is_authenticated and is_practice_admin(user)


def may_be_assigned(user: User) -> bool:
    """A complaint is investigated by an active admin (the data-protection lead or another)."""
    return user.is_active and is_practice_admin(user)


def may_handle_breaches(user: User | None) -> bool:
    """The breach register is the admin's alone (the data-protection lead)."""
    return user is not None and user.is_authenticated and is_practice_admin(user)
