"""Reviewing a restriction: keep the client from being told for longer, or lift it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from disclosures.audit_labels import Action
from disclosures.models import DisclosureRecord
from practice import audit
from practice.models import User
from records.permissions import is_own_case_file


def restriction_review(
    *,
    actor: User,
    record: DisclosureRecord,
    keep_until: date | None,
    request: HttpRequest | None = None,
) -> DisclosureRecord:
    """`keep_until` a future date keeps it hidden until then; None lifts the restriction,
    so the disclosure appears in the client's copy and any subject access export."""
    if not is_own_case_file(actor, record.case_file):
        raise PermissionDenied("Only the client's own therapist can review a restriction.")
    if keep_until is not None and keep_until <= timezone.localdate():
        raise ValidationError({"keep_until": "The next review date must be in the future."})
    with transaction.atomic(durable=True):
        row = DisclosureRecord.objects.select_for_update().get(pk=record.pk)
        if not row.restricted:
            raise ValidationError("This disclosure is not restricted.")
        if keep_until is None:
            row.restricted, row.restricted_reason, row.restricted_review_on = False, "", None
        else:
            row.restricted_review_on = keep_until
        row.save(update_fields=["restricted", "restricted_reason", "restricted_review_on"])
        audit.record(
            action=Action.RESTRICTION_LIFTED if keep_until is None else Action.RESTRICTION_KEPT,
            actor=actor,
            target_ref=row.case_file.record_ref,
            request=request,
            details={"disclosure": str(row.ref)},
        )
    return row
