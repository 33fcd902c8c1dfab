"""Recording a read of the record of disclosures so the read belongs to what it showed.

A page that shows a disclosure the client must not be told about (or one still undecided)
records that read as an event naming its request, so the client-facing rule holds the read
back with the request; the rest of the page's read is one event for the record as a whole.
A client's access history then shows a read of the record only where it shows the record.
"""

from __future__ import annotations

from django.db import transaction

from disclosures.audit_actions import Action
from disclosures.models import DisclosureRecord
from practice import audit, client_facing
from practice.models import User
from records.models import CaseFile


def record_read_audit(
    *,
    actor: User,
    case_file: CaseFile,
    records: list[DisclosureRecord],
    client_copy: bool | None = None,
) -> None:
    """Write the read's events (in the caller's transaction, or one of its own)."""
    if not records:
        return
    screen = client_facing.screen_for(case_file.record_ref)
    extra = {} if client_copy is None else {"client_copy": client_copy}
    with transaction.atomic(durable=True):
        shown = 0
        for record in records:
            unit = str(record.request.ref)
            if screen.hides(unit):
                audit.record(
                    action=Action.RECORD_VIEWED,
                    actor=actor,
                    target_ref=case_file.record_ref,
                    details={"request": unit, **extra},
                )
            else:
                shown += 1
        if shown:
            audit.record(
                action=Action.RECORD_VIEWED,
                actor=actor,
                target_ref=case_file.record_ref,
                details={"disclosures": shown, **extra},
            )
