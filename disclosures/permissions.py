"""Who may act on a disclosure request. Small predicates; no HTTP.

The requester is the therapist who raised it; a reviewer is someone who holds the
supervisor role and supervises the requester today, and is never the requester.
"""

from __future__ import annotations

from practice.models import User
from practice.permissions import is_therapist, supervises
from records.models import CaseFile
from records.permissions import is_own_case_file


def is_requester(user: User, disclosure) -> bool:
    return is_therapist(user) and disclosure.therapist_id == user.pk


def may_start_disclosure(user: User, case_file: CaseFile) -> bool:
    """A disclosure may be considered for one's own client at any time while the file is
    kept, after therapy ends too: a court order or a safeguarding concern can come later."""
    return is_own_case_file(user, case_file) and not case_file.is_shredded


def is_reviewer(user: User, disclosure) -> bool:
    """May decide on `disclosure`: a current supervisor of its therapist, never the therapist."""
    return supervises(user, disclosure.therapist_id)
