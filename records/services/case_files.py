"""Opening a case file, closing it when therapy ends, and moving a caseload's files."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from practice import audit, keyring
from practice.actions import part_of_action
from practice.models import User
from records import permissions, retention
from records.audit_actions import Action
from records.models import CaseFile
from records.services.common import locked_case_file, require_writable


@part_of_action("clients.services.client_create")
def case_file_open(
    *,
    actor: User,
    therapist: User,
    opened_on: date | None = None,
) -> CaseFile:
    """A therapist opens a case file in their own caseload."""
    if not permissions.is_own_client(actor, therapist_id=therapist.pk):
        raise PermissionDenied("A therapist opens case files in their own caseload only.")
    with transaction.atomic():
        case_file = CaseFile(therapist=therapist, opened_on=opened_on or timezone.localdate())
        case_file.wrapped_key = keyring.wrap_data_key(
            keyring.new_data_key(), owner=case_file.record_ref
        )
        case_file.save()
        audit.record(
            action=Action.CASE_FILE_OPENED,
            actor=actor,
            target_ref=case_file.record_ref,
        )
    return case_file


@part_of_action("clients.services.client_end_therapy")
def case_file_close(*, actor: User, case_file: CaseFile, last_contact_on: date) -> CaseFile:
    require_writable(actor, case_file)
    today = timezone.localdate()
    if last_contact_on > today:
        raise ValidationError("The last contact cannot be in the future.")
    with transaction.atomic():
        case_file = locked_case_file(case_file)
        case_file.last_contact_on = last_contact_on
        case_file.closed_on = today
        case_file.save()
        retention.case_file_retention_refresh(case_file=case_file)
        audit.record(
            action=Action.CASE_FILE_CLOSED,
            actor=actor,
            target_ref=case_file.record_ref,
        )
    return case_file


@part_of_action("clients.services.caseload_transfer_apply")
def case_files_transfer(*, actor: User, from_therapist: User, to_therapist: User) -> list[CaseFile]:
    """Give every case file of `from_therapist` to `to_therapist`, one audit event each.

    A piece of `clients.services.caseload_transfer`: it runs inside that transaction."""
    with transaction.atomic():
        case_files = list(
            CaseFile.objects.select_for_update().filter(therapist=from_therapist).order_by("pk")
        )
        CaseFile.objects.filter(pk__in=[cf.pk for cf in case_files]).update(therapist=to_therapist)
        for case_file in case_files:
            audit.record(
                action=Action.CASE_FILE_TRANSFERRED,
                actor=actor,
                target_ref=case_file.record_ref,
                details={"from": str(from_therapist.ref), "to": str(to_therapist.ref)},
            )
    return case_files
