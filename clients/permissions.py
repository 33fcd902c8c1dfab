"""Who may do what with a client's identity. Small predicates; no HTTP.

Identity is for the client's own therapist alone, by the one caseload rule in
`records.permissions`; these name the acts the client pages and services ask about.
"""

from __future__ import annotations

from clients.models import Client
from practice.models import User
from records.permissions import caseload_owner, is_own_client


def may_take_on_clients(user: User) -> bool:
    """Holds a caseload: a therapist (a supervisor or an admin keeps no clients here)."""
    return caseload_owner(user) is not None


def may_change_client(user: User, client: Client) -> bool:
    """Details, parents, ending therapy: the client's own therapist only."""
    return is_own_client(user, therapist_id=client.therapist_id)
