"""Reads of client identity, always scoped to the person asking."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from clients.models import Client
from practice.models import User
from practice.permissions import is_therapist
from records import selectors as record_selectors
from records import services as record_services


def clients_for(user: User, *, query: str = "", status: str = "") -> QuerySet[Client]:
    """The clients this person may see: a therapist's own caseload, nobody else's."""
    if not is_therapist(user):
        return Client.objects.none()
    clients = Client.objects.filter(therapist_id=user.pk)
    being_disposed = record_selectors.refs_being_disposed()
    if being_disposed:  # the key is already destroyed: nothing of them is shown any more
        clients = clients.exclude(record_ref__in=being_disposed)
    for word in query.split()[:5]:
        clients = clients.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    if status:
        clients = clients.filter(status=status)
    return clients.order_by("family_name", "given_name", "pk")


def access_client(actor: User, ref, *, for_write: bool, request: HttpRequest | None) -> Client:
    """The client `ref` if `actor` may see it; otherwise 404, recorded as a denied access.

    Unknown and forbidden look the same, so a URL cannot be used to learn who is a client.
    Only the client's own therapist may read or write (for_write is the same rule today;
    callers state which they need so a future read-only role changes one place).
    """
    client = clients_for(actor).prefetch_related("parents").filter(ref=ref).first()
    if client is None:
        record_services.access_denied_record(actor=actor, attempted_ref=str(ref), request=request)
        raise Http404("No such client")
    return client


def clients_listed_under(therapist: User) -> int:
    """How many clients name this therapist (a number only: for an admin moving a caseload)."""
    return Client.objects.filter(therapist_id=therapist.pk).count()
