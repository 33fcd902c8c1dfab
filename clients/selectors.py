"""Reads of client identity, always scoped to the person asking."""

from __future__ import annotations

from django.db.models import QuerySet

from clients.models import Client, search_form
from practice.models import User
from records import selectors as record_selectors
from records.permissions import caseload_owner


def clients_for(user: User, *, query: str = "", status: str = "") -> QuerySet[Client]:
    """The clients this person may see: a therapist's own caseload, nobody else's."""
    owner = caseload_owner(user)
    if owner is None:
        return Client.objects.none()
    clients = Client.objects.filter(therapist_id=owner)
    being_disposed = record_selectors.refs_being_disposed()
    if being_disposed:  # the key is already destroyed: nothing of them is shown any more
        clients = clients.exclude(record_ref__in=being_disposed)
    for word in search_form(query).split()[:5]:
        clients = clients.filter(search_name__contains=word)
    if status:
        clients = clients.filter(status=status)
    return clients.order_by("family_name", "given_name", "pk")


def clients_listed_under(therapist: User) -> int:
    """How many clients name this therapist (a number only: for an admin moving a caseload)."""
    return Client.objects.filter(therapist_id=therapist.pk).count()


def client_in_caseload(user: User, ref) -> Client | None:
    """The client `ref` if it is in `user`'s caseload, else None (the access function in
    `clients/access.py` decides what a miss means). A client whose case file is being
    disposed of is found here and refused by `records.access.access_case_file` (its key is
    destroyed), which saves every client page the query for all files being disposed of."""
    owner = caseload_owner(user)
    if owner is None:
        return None
    return Client.objects.filter(therapist_id=owner, ref=ref).prefetch_related("parents").first()
