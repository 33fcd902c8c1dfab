"""Every write to client identity. Opening a client opens their case file in `records`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from clients.models import Client, ParentalResponsibility
from practice import audit
from practice.models import User
from practice.permissions import is_therapist
from practice.routers import atomic_across_databases
from records import selectors as record_selectors
from records import services as record_services


class Action:
    CLIENT_CREATED = "clients.created"
    CLIENT_UPDATED = "clients.updated"
    THERAPY_ENDED = "clients.therapy_ended"
    PARENT_ADDED = "clients.parental_responsibility_added"
    PARENT_REMOVED = "clients.parental_responsibility_removed"


IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "email",
    "phone",
    "preferred_contact",
    "message_guidance",
    "address",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "emergency_contact_phone",
    "gp_name",
    "gp_address",
    "gp_phone",
    "status",
)


def _own(actor: User, client: Client) -> None:
    if not (is_therapist(actor) and client.therapist_id == actor.pk):
        raise PermissionDenied


def client_create(
    *, actor: User, values: dict[str, Any], request: HttpRequest | None = None
) -> Client:
    """A therapist takes on a new client: identity here, a new case file in records."""
    if not is_therapist(actor):
        raise PermissionDenied("Only a therapist can take on a client.")
    with atomic_across_databases():
        case_file = record_services.case_file_open(actor=actor, therapist=actor, request=request)
        client = Client(record_ref=case_file.record_ref, therapist_id=actor.pk)
        for name in IDENTITY_FIELDS:
            if name in values:
                setattr(client, name, values[name])
        client.full_clean()
        client.save()
        audit.record(
            action=Action.CLIENT_CREATED,
            actor=actor,
            target_ref=client.record_ref,
            request=request,
        )
    return client


def client_update(
    *, actor: User, client: Client, values: dict[str, Any], request: HttpRequest | None = None
) -> Client:
    _own(actor, client)
    with atomic_across_databases():
        # Compare with the stored row: a model form has already copied its values onto
        # `client`, so the object itself cannot say what changed.
        stored = type(client).objects.get(pk=client.pk)
        changed = sorted(
            name
            for name in IDENTITY_FIELDS
            if name in values and getattr(stored, name) != values[name]
        )
        for name in changed:
            setattr(client, name, values[name])
        client.full_clean()
        client.save()
        audit.record(
            action=Action.CLIENT_UPDATED,
            actor=actor,
            target_ref=client.record_ref,
            request=request,
            details={"fields": changed},
        )
    return client


def client_end_therapy(
    *, actor: User, client: Client, last_contact_on: date, request: HttpRequest | None = None
) -> Client:
    _own(actor, client)
    if client.status == Client.Status.ENDED:
        raise ValidationError("Therapy with this client has already ended.")
    with atomic_across_databases():
        case_file = record_selectors.case_file_by_ref(client.record_ref)
        record_services.case_file_close(
            actor=actor, case_file=case_file, last_contact_on=last_contact_on, request=request
        )
        client.status = Client.Status.ENDED
        client.save(update_fields=["status", "updated_at"])
        audit.record(
            action=Action.THERAPY_ENDED,
            actor=actor,
            target_ref=client.record_ref,
            request=request,
        )
    return client


def parent_add(
    *, actor: User, client: Client, values: dict[str, Any], request: HttpRequest | None = None
) -> ParentalResponsibility:
    _own(actor, client)
    with atomic_across_databases():
        person = ParentalResponsibility(client=client, **values)
        person.full_clean()
        person.save()
        audit.record(
            action=Action.PARENT_ADDED,
            actor=actor,
            target_ref=client.record_ref,
            request=request,
            details={"person": str(person.ref)},
        )
    return person


def parent_remove(
    *, actor: User, client: Client, person_ref, request: HttpRequest | None = None
) -> None:
    _own(actor, client)
    with atomic_across_databases():
        person = client.parents.filter(ref=person_ref).first()
        if person is None:
            raise ValidationError("That person is not listed for this client.")
        person.delete()
        audit.record(
            action=Action.PARENT_REMOVED,
            actor=actor,
            target_ref=client.record_ref,
            request=request,
            details={"person": str(person_ref)},
        )
