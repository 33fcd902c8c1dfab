"""Re-wrapping every data key under the primary key (the `rotate_keys` command): each case
file's, then each row of another kind that holds a data key of its own (a complaint), which
its app registers at start-up (`records.key_holders`), so this app never imports it and no
wrapped key is left behind under a key-encryption key that is about to go."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from practice import audit, keyring
from practice.actions import in_steps
from practice.actors import SystemActor
from practice.permissions import is_system
from records.audit_actions import Action
from records.key_holders import key_holders


@in_steps("batches of 200 files, each its own durable transaction, then the audit event")
def data_keys_rotate(
    *,
    actor: SystemActor,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Re-wrap every data key (case files', then every registered holder's) under the
    primary key-encryption key.

    Only the installation does this (the `rotate_keys` command): no person's request."""
    if not is_system(actor):
        raise PermissionDenied("Keys are rotated by the rotate_keys command only.")
    holders = key_holders()
    total = sum(holder.model._default_manager.count() for holder in holders)
    counts = {"total": total, "rewrapped": 0, "already_current": 0, "shredded": 0}
    primary = keyring.keyring().primary_id
    done = 0
    for holder in holders:
        last_pk = 0
        while True:
            with transaction.atomic(durable=True):
                batch = list(
                    holder.model._default_manager.select_for_update()
                    .filter(pk__gt=last_pk)
                    .order_by("pk")[:batch_size]
                )
                if not batch:
                    break
                for row in batch:
                    if not row.wrapped_key:
                        counts["shredded"] += 1
                    elif keyring.wrapped_key_id(row.wrapped_key) == primary:
                        counts["already_current"] += 1
                    else:
                        row.wrapped_key = keyring.rewrap_data_key(
                            row.wrapped_key, owner=holder.owner(row)
                        )
                        row.save(update_fields=["wrapped_key"])
                        counts["rewrapped"] += 1
                last_pk = batch[-1].pk
            done += len(batch)
            if progress:
                progress(done, total)
    with transaction.atomic(durable=True):
        audit.record(action=Action.KEYS_ROTATED, actor=actor, details={**counts, "key": primary})
    return counts
