"""Who may do what with a subject access request. Small predicates; no HTTP.

An admin (acting for the practice as controller) logs, manages and releases requests;
the therapist named as a request's reviewer reviews its draft, and nobody else reads it.
"""

from __future__ import annotations

from practice.models import User
from practice.permissions import is_practice_admin, is_therapist


def may_manage_requests(user: User | None) -> bool:
    return user is not None and is_practice_admin(user)


def may_review_requests(user: User | None) -> bool:
    """Holds the role a reviewer needs (the therapist's list of drafts to review)."""
    return user is not None and is_therapist(user)


def may_be_named_reviewer(user: User) -> bool:
    return user.is_active and is_therapist(user)


def is_reviewer_of(user: User | None, sar) -> bool:
    return may_review_requests(user) and sar.reviewer_id == user.pk
