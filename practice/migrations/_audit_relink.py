"""Carry an unkeyed (SHA-256) audit chain over to the keyed one (HMAC under AUDIT_KEY).

Used once, by migration 0004: checks the old chain as it was, re-links every event under
the key, and appends an event recording the switch (how many events, the old head, and
whether the old chain verified), so the change itself is on the record.
"""

import hashlib
import json

from django.utils import timezone

from practice.audit import GENESIS_HASH, audit_key, compute_hash
from practice.audit.trail_actions import TrailAction
from practice.migrations import _audit_triggers


def _legacy_hash(row: dict) -> str:
    canonical = json.dumps(
        [
            row["seq"],
            row["created_at"].isoformat(),
            row["actor_id"],
            row["actor_label"],
            row["action"],
            row["target_ref"],
            row["source"],
            row["details"],
            row["prev_hash"],
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _keyed(row: dict, prev_hash: str, key: bytes) -> str:
    return compute_hash(
        seq=row["seq"],
        created_at=row["created_at"].isoformat(),
        actor_id=row["actor_id"],
        actor_label=row["actor_label"],
        action=row["action"],
        target_ref=row["target_ref"],
        source=row["source"],
        details=row["details"],
        prev_hash=prev_hash,
        key=key,
    )


def relink(apps, schema_editor) -> None:
    connection = schema_editor.connection
    Event = apps.get_model("practice", "AuditEvent")
    Head = apps.get_model("practice", "AuditChainHead")
    events = Event.objects.using(connection.alias)
    key = audit_key()  # stops the migration with a message naming AUDIT_KEY when missing
    with connection.cursor() as cursor:
        _audit_triggers.drop(cursor, connection.vendor)
    count, legacy_ok = 0, True
    old_prev, new_prev, old_head = GENESIS_HASH, GENESIS_HASH, GENESIS_HASH
    rows = events.order_by("seq").values(
        "seq", "created_at", "actor_id", "actor_label", "action", "target_ref", "source",
        "details", "prev_hash", "hash",
    )
    for row in rows.iterator(chunk_size=2000):
        count += 1
        legacy_ok = (
            legacy_ok
            and row["seq"] == count
            and row["prev_hash"] == old_prev
            and _legacy_hash(row) == row["hash"]
        )
        old_prev = old_head = row["hash"]
        new_hash = _keyed(row, new_prev, key)
        events.filter(seq=row["seq"]).update(prev_hash=new_prev, hash=new_hash)
        new_prev = new_hash
    if count:
        switch = {
            "seq": count + 1,
            "created_at": timezone.now(),
            "actor_id": None,
            "actor_label": "",
            "action": TrailAction.CHAIN_KEYED,
            "target_ref": "",
            "source": "migration",
            "details": {"events": count, "unkeyed_head": old_head, "unkeyed_ok": legacy_ok},
        }
        switch_hash = _keyed(switch, new_prev, key)
        events.create(**switch, prev_hash=new_prev, hash=switch_hash)
        Head.objects.using(connection.alias).filter(pk=1).update(seq=count + 1, hash=switch_hash)
    with connection.cursor() as cursor:
        _audit_triggers.create(cursor, connection.vendor)


def install_triggers(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        _audit_triggers.create(cursor, schema_editor.connection.vendor)
