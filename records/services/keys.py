"""Re-wrapping every case file's data key under the primary key (the `rotate_keys` command)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from practice import audit, keyring
from practice.actions import in_steps
from practice.actors import SystemActor
from practice.permissions import is_system
from records.audit_actions import Action
from records.models import CaseFile


@in_steps("batches of 200 files, each its own durable transaction, then the audit event")
def data_keys_rotate(
    *,
    actor: SystemActor,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Re-wrap every case file's data key under the primary key-encryption key.

    Only the installation does this (the `rotate_keys` command): no person's request."""
    if not is_system(actor):
        raise PermissionDenied("Keys are rotated by the rotate_keys command only.")
    total = CaseFile.objects.count()
    counts = {"total": total, "rewrapped": 0, "already_current": 0, "shredded": 0}
    primary = keyring.keyring().primary_id
    last_pk = 0
    done = 0
    while True:
        with transaction.atomic(durable=True):
            batch = list(
                CaseFile.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            for case_file in batch:
                if not case_file.wrapped_key:
                    counts["shredded"] += 1
                elif keyring.wrapped_key_id(case_file.wrapped_key) == primary:
                    counts["already_current"] += 1
                else:
                    case_file.wrapped_key = keyring.rewrap_data_key(
                        case_file.wrapped_key, owner=case_file.record_ref
                    )
                    case_file.save(update_fields=["wrapped_key"])
                    counts["rewrapped"] += 1
            last_pk = batch[-1].pk
        done += len(batch)
        if progress:
            progress(done, total)
    with transaction.atomic(durable=True):
        audit.record(action=Action.KEYS_ROTATED, actor=actor, details={**counts, "key": primary})
    return counts
