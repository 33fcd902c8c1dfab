"""Linking audit events into the one chain without making every action queue on it.

The chain is linear: each event's hash covers the one before, so exactly one writer may
link at a time, and it does so holding the chain head's row lock. An action that finds the
head free links its event at once (as it always did; on SQLite, which has one writer at a
time anyway, always). An action that finds it taken does not wait: it writes its event as
a signed `AuditEntry` in its own transaction and goes on. Whoever holds the head links the
queue in order once they let go, in batches, the way a Certificate Transparency log
integrates submitted entries.

Why nothing waits forever, and nothing is left behind:
- An entry commits or rolls back with its action (audit-or-nothing holds).
- After every transaction that wrote an event, `drain` runs: it links what is queued, and
  after letting go of the head it looks once more. An entry whose writer found the head
  taken was committed before that writer looked, so the holder's look after letting go
  (which comes later) sees it.
- If the holder's own transaction rolls back, its after-commit drain never runs; the
  entries queued meanwhile are linked by the next drain anywhere in the practice (any
  audited action, or `verify_audit`, which links what waits before it checks).

An entry is signed under `AUDIT_KEY` when written. One that does not match its signature
(slipped into the table by someone without the key) is marked rejected instead of being
linked and signed, and an `audit.entry_rejected` event on the chain says so. The signature
does not say whether the entry was already linked, so a captured entry put back in the
queue would sign correctly: one whose token is already on the chain is a replay, removed
from the queue (the database allows it: the chain names the token) without stalling the
rest, and an `audit.entry_replayed` event says so. A drain that fails records a failed
verdict, so the audit page never goes on saying "intact" over a queue that cannot drain.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import router, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from practice.audit.canonical import CONTENT, GENESIS_HASH, entry_mac, hash_content
from practice.audit.models import AuditChainHead, AuditEntry, AuditEvent, AuditVerification
from practice.audit.trail_actions import TrailAction

logger = logging.getLogger(__name__)

BATCH = 500


def _database() -> str:
    return router.db_for_write(AuditEvent)


def _head(*, wait: bool) -> AuditChainHead | None:
    """The chain head, locked for this transaction; None when another writer holds it."""
    heads = AuditChainHead.objects.select_for_update(skip_locked=not wait).filter(pk=1)
    head = heads.first()
    if head is None and not AuditChainHead.objects.filter(pk=1).exists():
        # The first event ever: two may get here.
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(pk=1, seq=0, hash=GENESIS_HASH)], ignore_conflicts=True
        )
        head = heads.first()
    return head


def _link(head: AuditChainHead, contents: Sequence[dict[str, Any]]) -> list[AuditEvent]:
    """Link events after the head (held by the caller) and move the head on.

    Each content is `CONTENT`, plus `entry` (its queue token) for one that waited."""
    events = []
    seq, prev = head.seq, head.hash
    for content in contents:
        seq += 1
        event = AuditEvent(seq=seq, prev_hash=prev, **content)
        event.hash = prev = hash_content(content, seq=seq, prev_hash=event.prev_hash)
        events.append(event)
    AuditEvent.objects.bulk_create(events)
    head.seq, head.hash = seq, prev
    head.save(update_fields=["seq", "hash"])
    return events


def append(content: dict[str, Any], *, wait: bool = False) -> AuditEvent | AuditEntry:
    """Write one event in the caller's transaction: linked now if the head is free (or if
    `wait`), else queued as a signed entry. Either way a drain follows the commit.

    No savepoint of its own (two round trips saved): a failure here fails the action."""
    with transaction.atomic(using=_database(), savepoint=False):
        head = _head(wait=wait)
        if head is not None:
            written: AuditEvent | AuditEntry = _link(head, [content])[0]
        else:
            token = uuid.uuid4()
            written = AuditEntry(token=token, mac=entry_mac(token, content), **content)
            written.save(force_insert=True)
        _drain_after_commit()
    return written


def _drain_after_commit() -> None:
    """Ask for one drain after the outermost transaction commits (once per transaction)."""
    using = _database()
    connection = transaction.get_connection(using)
    if any(callback is _drain_quietly for _, callback, *_ in connection.run_on_commit):
        return
    transaction.on_commit(_drain_quietly, using=using)


def _drain_quietly() -> None:
    """The action has committed; a failure to link now must not turn it into an error
    page. What stays queued is linked by the next drain."""
    try:
        drain()
    except Exception as error:  # noqa: BLE001 - logged, and the entries stay queued
        logger.exception("audit entries could not be linked now; the next drain will")
        drain_failed(error)


def drain_failed(error: Exception) -> None:
    """Keep a failed verdict (signed, as every verdict), so the page shows the failure."""
    try:
        with transaction.atomic(using=_database()):
            AuditVerification.signed(
                ran_at=timezone.now(),
                ok=False,
                checked=0,
                reason=(
                    f"queued audit entries could not be linked ({type(error).__name__}); "
                    "run verify_audit"
                ),
            )
    except Exception:  # noqa: BLE001 - the log above already says what failed
        logger.exception("the failed audit drain could not be recorded")


def drain(*, batch: int = BATCH) -> int:
    """Link every waiting entry, in order, in batches; returns how many were linked.

    Stops early only when another writer holds the head (it drains after letting go)."""
    linked = 0
    waiting = AuditEntry.objects.filter(rejected=False)
    while waiting.exists():
        with transaction.atomic(using=_database()):
            head = _head(wait=False)
            if head is None:
                break
            entries = list(waiting.order_by("id")[:batch])
            linked += _link_entries(head, entries)
    return linked


def _system_event(action: str, details: dict[str, Any]) -> dict[str, Any]:
    return {
        "created_at": timezone.now(),
        "actor_id": None,
        "actor_label": "system",
        "action": action,
        "target_ref": "",
        "source": "server",
        "details": details,
    }


def _link_entries(head: AuditChainHead, entries: list[AuditEntry]) -> int:
    linked = set(
        AuditEvent.objects.filter(entry__in=[entry.token for entry in entries]).values_list(
            "entry", flat=True
        )
    )
    good, forged, replayed = [], [], []
    for entry in entries:
        if entry.token in linked:
            replayed.append(entry)
            continue
        content = {name: getattr(entry, name) for name in CONTENT}
        sound = constant_time_compare(entry_mac(entry.token, content), entry.mac)
        (good if sound else forged).append((entry, {**content, "entry": entry.token}))
    contents = [content for _, content in good]
    if replayed:
        tokens = sorted(str(entry.token) for entry in replayed)
        AuditEntry.objects.filter(pk__in=[entry.pk for entry in replayed]).delete()
        contents.append(_system_event(TrailAction.ENTRY_REPLAYED, {"entries": tokens}))
    if forged:
        AuditEntry.objects.filter(pk__in=[entry.pk for entry, _ in forged]).update(rejected=True)
        contents.append(
            _system_event(TrailAction.ENTRY_REJECTED, {"entries": [e.pk for e, _ in forged]})
        )
    _link(head, contents)
    AuditEntry.objects.filter(pk__in=[entry.pk for entry, _ in good]).delete()
    return len(good)


def waiting_count() -> tuple[int, int]:
    """(entries waiting to be linked, entries rejected as forged)."""
    waiting = AuditEntry.objects.filter(rejected=False).count()
    rejected = AuditEntry.objects.filter(rejected=True).count()
    return waiting, rejected
