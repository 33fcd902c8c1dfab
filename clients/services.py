"""Every write to client identity. Opening a client opens their case file in `records`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clients import hooks, permissions
from clients.audit_actions import Action
from clients.models import IDENTITY_FIELDS, Client, ParentalResponsibility, search_name_of
from practice import account_changes, audit
from practice import services as practice_services
from practice.actions import in_steps, part_of_action
from practice.models import AccountChange, User
from practice.routers import atomic_across_databases
from records import disposal as record_disposal
from records import retention as record_retention
from records import selectors as record_selectors
from records import services as record_services


def _own(actor: User, client: Client) -> None:
    if not permissions.may_change_client(actor, client):
        raise PermissionDenied("Only the client's own therapist can change their details.")


def client_create(*, actor: User, values: dict[str, Any]) -> Client:
    """A therapist takes on a new client: identity here, a new case file in records."""
    if not permissions.may_take_on_clients(actor):
        raise PermissionDenied("Only a therapist can take on a client.")
    with atomic_across_databases(durable=True):
        case_file = record_services.case_file_open(actor=actor, therapist=actor)
        client = Client(record_ref=case_file.record_ref, therapist_id=actor.pk)
        for name in IDENTITY_FIELDS:
            if name in values:
                setattr(client, name, values[name])
        _age_from_birth_date(client)
        client.search_name = search_name_of(client)
        client.full_clean()
        client.save()
        audit.record(
            action=Action.CLIENT_CREATED,
            actor=actor,
            target_ref=client.record_ref,
        )
    return client


def _age_from_birth_date(client: Client) -> None:
    """A date of birth makes an age given without one redundant: the date wins."""
    if client.date_of_birth is not None:
        client.age_if_no_birth_date = None


def client_update(*, actor: User, client: Client, values: dict[str, Any]) -> Client:
    _own(actor, client)
    with atomic_across_databases(durable=True):
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
        _age_from_birth_date(client)
        if not client.child_age_known and client.parents.exists():
            raise ValidationError(
                {
                    "date_of_birth": "This client has a person with parental responsibility: "
                    "give their date of birth, or their age under 18 if it is not known."
                }
            )
        client.search_name = search_name_of(client)
        client.full_clean()
        client.save()
        if {"date_of_birth", "age_if_no_birth_date"} & set(changed):
            # the child rule of the retention policy may change
            case_file = record_selectors.case_file_by_ref(client.record_ref)
            if case_file.closed_on is not None:
                record_retention.case_file_retention_refresh(case_file=case_file)
        audit.record(
            action=Action.CLIENT_UPDATED,
            actor=actor,
            target_ref=client.record_ref,
            details={"fields": changed},
        )
    return client


def client_end_therapy(*, actor: User, client: Client, last_contact_on: date) -> Client:
    _own(actor, client)
    case_file = record_selectors.case_file_by_ref(client.record_ref)
    if case_file.therapy_ended:
        raise ValidationError("Therapy with this client has already ended.")
    with atomic_across_databases(durable=True):
        record_services.case_file_close(
            actor=actor, case_file=case_file, last_contact_on=last_contact_on
        )
        client.status = Client.Status.ENDED
        client.save(update_fields=["status", "updated_at"])
        audit.record(
            action=Action.THERAPY_ENDED,
            actor=actor,
            target_ref=client.record_ref,
        )
    return client


def parent_add(*, actor: User, client: Client, values: dict[str, Any]) -> ParentalResponsibility:
    _own(actor, client)
    if not client.child_age_known:
        raise ValidationError(
            "Give the client's date of birth first (or, if it is not known, their age): a "
            "child's records are kept until a set birthday, which needs it."
        )
    with atomic_across_databases(durable=True):
        person = ParentalResponsibility(client=client, **values)
        person.full_clean()
        person.save()
        audit.record(
            action=Action.PARENT_ADDED,
            actor=actor,
            target_ref=client.record_ref,
            details={"person": str(person.ref)},
        )
    return person


def parent_remove(*, actor: User, client: Client, person_ref) -> None:
    _own(actor, client)
    with atomic_across_databases(durable=True):
        person = client.parents.filter(ref=person_ref).first()
        if person is None:
            raise ValidationError("That person is not listed for this client.")
        person.delete()
        audit.record(
            action=Action.PARENT_REMOVED,
            actor=actor,
            target_ref=client.record_ref,
            details={"person": str(person_ref)},
        )


@in_steps("disposal: the key is destroyed in one transaction, the rows deleted in the next")
def client_remove_added_by_mistake(*, actor: User, client: Client) -> str:
    """Remove a client added by mistake (no sessions, no notes) at once, through disposal.

    The same path as disposal at the end of retention: the key is destroyed, every row in
    both databases deleted, a tombstone left. Returns the record reference."""
    _own(actor, client)
    case_file = record_selectors.case_file_by_ref(client.record_ref)
    record_disposal.case_file_dispose(
        actor=actor,
        case_file=case_file,
        reason=record_disposal.Reason.ADDED_BY_MISTAKE,
    )
    return case_file.record_ref


def _clients_follow_their_case_files(therapist: User) -> int:
    """Clients still listed under `therapist` whose case files are already someone else's
    (an earlier move committed on the records side only): identity follows the case file."""
    listed = list(Client.objects.filter(therapist_id=therapist.pk))
    owners = record_selectors.case_files_by_ref(client.record_ref for client in listed)
    followed = 0
    for client in listed:
        case_file = owners.get(client.record_ref)
        if case_file is not None and case_file.therapist_id != therapist.pk:
            Client.objects.filter(pk=client.pk).update(therapist_id=case_file.therapist_id)
            followed += 1
    return followed


@dataclass(frozen=True)
class CaseloadMoved:
    case_files: int
    clients: int
    agreements_flagged: int


@in_steps("an account change: account_changes.account_change_request commits it, or the refusal")
def caseload_transfer_request(*, actor: User, leaver: User, successor: User) -> AccountChange:
    """Ask for a leaver's caseload to move to `successor`. A move gives the successor every
    note, so it is an account change: another admin approves it (never the successor), and
    it never moves to the person who asks."""
    counts = record_selectors.case_file_counts(leaver)
    if not (counts["open"] or counts["closed"] or Client.objects.filter(therapist_id=leaver.pk)):
        raise ValidationError(f"{leaver.username} has no case files to move.")
    return account_changes.account_change_request(
        actor=actor,
        account=leaver,
        kind=AccountChange.Kind.CASELOAD,
        counterpart=successor,
    )


@part_of_action("practice.account_changes approving a caseload move")
def caseload_transfer_apply(change: AccountChange) -> CaseloadMoved:
    """An approved move (registered with `practice.access_grants`, run inside the approval's
    transaction): every case file and its client go to the successor, each client is asked
    for a new agreement, and the leaver's account is deactivated.

    With identity in a second database the two commits are not atomic together. Every step
    is idempotent and identity follows the case file, so if one commit fails after the
    other succeeded, approving a new request for the move completes it."""
    actor, successor = change.requested_by, change.counterpart
    with atomic_across_databases():
        leaver = User.objects.select_for_update().get(pk=change.account_id)
        case_files = record_services.case_files_transfer(
            actor=actor, from_therapist=leaver, to_therapist=successor
        )
        refs = [case_file.record_ref for case_file in case_files]
        moved = Client.objects.filter(record_ref__in=refs).update(therapist_id=successor.pk)
        moved += _clients_follow_their_case_files(leaver)
        if not case_files and not moved:
            raise ValidationError(f"{leaver.username} has no case files to move.")
        open_refs = [cf.record_ref for cf in case_files if cf.closed_on is None]
        flagged = hooks.therapist_changed(record_refs=open_refs, at=timezone.now())
        audit.record(
            action=Action.CASELOAD_TRANSFERRED,
            actor=actor,
            target_ref=str(leaver.ref),
            details={
                "to": str(successor.ref),
                "case_files": len(case_files),
                "clients": moved,
                "agreements_flagged": flagged,
                "change": str(change.ref),
            },
        )
        if leaver.is_active:
            practice_services.staff_deactivate_within(actor=actor, user=leaver)
    return CaseloadMoved(case_files=len(case_files), clients=moved, agreements_flagged=flagged)
