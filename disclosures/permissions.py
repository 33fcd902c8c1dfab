"""Who may act on a disclosure request. Small predicates; no HTTP.

The requester is the therapist who raised it; a reviewer is someone who holds the
supervisor role and supervises the requester today, and is never the requester.
"""

from __future__ import annotations

from practice.models import User
from practice.permissions import is_therapist, supervises


def is_requester(user: User, disclosure) -> bool:
    return is_therapist(user) and disclosure.therapist_id == user.pk


def is_reviewer(user: User, disclosure) -> bool:
    """May decide on `disclosure`: a current supervisor of its therapist, never the therapist."""
    return supervises(user, disclosure.therapist_id)
