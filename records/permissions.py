"""Who may read and write a case file. Small predicates; no HTTP.

The rule that a client's identity, sessions and notes are for the client's own therapist
alone is written here once (`caseload_owner`); the identity side scopes its queries with
it and every service asks `is_own_client` or `is_own_case_file`.
"""

from __future__ import annotations

from practice.models import User
from practice.permissions import is_therapist
from records.models import CaseFile


def caseload_owner(user) -> int | None:
    """Whose clients `user` may work with: their own, if they hold the therapist role.

    Supervisors and admins have no caseload here (admins reach notes only through a
    logged subject-access export); anyone else, including the system actor, gets None."""
    return user.pk if is_therapist(user) else None


def is_own_client(user, *, therapist_id: int | None) -> bool:
    """The client (or case file) kept by therapist `therapist_id` is `user`'s own."""
    owner = caseload_owner(user)
    return owner is not None and owner == therapist_id


def is_own_case_file(user: User, case_file: CaseFile) -> bool:
    return is_own_client(user, therapist_id=case_file.therapist_id)
