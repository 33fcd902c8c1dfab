"""Evidence kept with a disclosure request, and a court order's checks (issue 24, item 4).
Each action checks who acts, validates before anything is kept, and audits by reference."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from disclosures import court_orders, evidence, permissions
from disclosures.audit_actions import Action
from disclosures.evidence import EvidenceKind
from disclosures.models import DisclosureRequest, Evidence, Status
from disclosures.services.common import locked
from practice import audit, documents
from practice.actions import reads
from practice.models import User

CLOSED = (Status.CLOSED, Status.WITHDRAWN, Status.DECLINED)


def evidence_add(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    kind: str,
    name: str,
    declared_type: str,
    content: bytes,
) -> Evidence:
    """Keep a document with the request: the requester only, while the request is live
    (after disclosure too: the recipient's acknowledgement comes then)."""
    if not permissions.is_requester(actor, disclosure):
        raise PermissionDenied
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": "Choose what the document is."})
    safe_name, file_type = evidence.checked(name=name, declared_type=declared_type, content=content)
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        if row.status in CLOSED or row.case_file.is_shredded:
            raise ValidationError("Evidence can be added only while the request is live.")
        kept = Evidence(
            request=row,
            kind=kind,
            content_type=file_type.content_type,
            sha256=documents.fingerprint(content),
            size_bytes=len(content),
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        kept.set_file_name(safe_name)
        kept.set_content(documents.stored_form(content))
        kept.save()
        audit.record(
            action=Action.EVIDENCE_ADDED,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details={
                "request": str(row.ref),
                "kind": kind,
                "sha256": kept.sha256,
                "size": kept.size_bytes,
            },
        )
    return kept


@reads("a kept document's bytes, checked against its hash (the read is audited)")
def evidence_open(
    *, actor: User, disclosure: DisclosureRequest, evidence_ref
) -> tuple[Evidence, bytes]:
    if not (
        permissions.is_requester(actor, disclosure) or permissions.is_reviewer(actor, disclosure)
    ):
        raise PermissionDenied
    kept = disclosure.evidence.filter(ref=evidence_ref).first()
    if kept is None:
        raise ValidationError("No such document on this request.")
    content = documents.from_stored(kept.get_content(), sha256=kept.sha256)
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.EVIDENCE_READ,
            actor=actor,
            target_ref=disclosure.case_file.record_ref,
            details={"request": str(disclosure.ref), "sha256": kept.sha256},
        )
    return kept, content


def court_order_checks_record(
    *,
    actor: User,
    disclosure: DisclosureRequest,
    limit_considered: bool,
    identity_called_back: bool,
) -> DisclosureRequest:
    if not permissions.is_requester(actor, disclosure):
        raise PermissionDenied
    if not court_orders.applies(disclosure):
        raise ValidationError("These checks are for a disclosure under a court order.")
    with transaction.atomic(durable=True):
        row = locked(disclosure)
        if row.status in (*CLOSED, Status.DISCLOSED):
            raise ValidationError("The checks are recorded before the disclosure is made.")
        row.court_limit_considered = limit_considered
        row.court_identity_called_back = identity_called_back
        row.save(update_fields=["court_limit_considered", "court_identity_called_back"])
        audit.record(
            action=Action.COURT_ORDER_CHECKS,
            actor=actor,
            target_ref=row.case_file.record_ref,
            details={
                "request": str(row.ref),
                "limit_considered": limit_considered,
                "identity_called_back": identity_called_back,
            },
        )
    return row
