"""Reads of client identity, always scoped to the person asking."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from clients.models import Client, search_form
from practice.models import User
from practice.permissions import is_therapist
from records import services as record_services


def clients_for(user: User, *, query: str = "", status: str = "") -> QuerySet[Client]:
    """The clients this person may see: a therapist's own caseload, nobody else's."""
    if not is_therapist(user):
        return Client.objects.none()
    clients = Client.objects.filter(therapist_id=user.pk)
    for word in search_form(query).split()[:5]:
        clients = clients.filter(search_name__contains=word)
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
