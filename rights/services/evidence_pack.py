"""Building the evidence pack (rights/evidence_pack.py): an admin, or the server command,
builds it; its SHA-256 goes on the audit trail, so a copy can later be shown to be one the
practice built, unaltered."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from practice import audit
from practice.actions import reads
from practice.permissions import is_practice_admin, is_system
from rights import evidence_pack
from rights.audit_actions import Action


def evidence_pack_build(*, actor) -> evidence_pack.Pack:
    if not (is_system(actor) or is_practice_admin(actor)):
        raise PermissionDenied
    built_by = "the server" if is_system(actor) else actor.display_name
    pack = evidence_pack.build(evidence_pack.contents(built_by=built_by))
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.EVIDENCE_PACK_BUILT,
            actor=actor,
            details={"sha256": pack.sha256},
        )
    return pack


@reads("the SHA-256 of every evidence pack built, from the audit trail")
def recorded_pack_hashes() -> set[str]:
    from practice.audit.models import AuditEvent

    events = AuditEvent.objects.filter(action=Action.EVIDENCE_PACK_BUILT)
    return {event.details.get("sha256", "") for event in events}
