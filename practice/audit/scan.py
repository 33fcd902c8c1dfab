"""Reading and rechecking the audit chain fast, for `practice.audit.verify`.

Rows are read as plain values in keyset batches (PostgreSQL writes each time as the text
it was hashed with); each event's keyed hash is recomputed over the canonical text made
by `practice.audit.canonical.EventTexts` (checked against `compute_hash` on a probe, which
also has the last word on every mismatch); and a long chain is checked in two halves, the second
in a forked process, the link across the boundary checked after.
"""

from __future__ import annotations

import hmac
import json
import multiprocessing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connections, router

from practice.audit import canonical
from practice.audit.models import AuditChainHead, AuditEvent

_FIELDS = canonical.EVENT_COLUMNS


def _iso(value) -> str:
    """`created_at` as the ISO text it was hashed with (aware UTC `isoformat()`)."""
    if isinstance(value, str):  # SQLite keeps naive UTC text; parse it in C, not by regex
        value = datetime.fromisoformat(value)
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat()


# PostgreSQL writes `created_at` as the text `datetime.isoformat()` gives for the aware UTC
# time (no fraction when the microseconds are 0), which saves building a datetime per row.
_PG_ISO = (
    "to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
    "to_char({col}, 'US') = '000000' THEN '' ELSE to_char({col}, '.US') END || '+00:00'"
)


def _rows_after(seq: int, batch: int, upto: int | None = None) -> Iterable[tuple]:
    """Plain rows in order (seq, created_at as hashed, ..., details as a dict, prev_hash,
    hash), from after `seq` up to `upto`, read in batches by keyset with no model instances
    and no per-field converters (they cost more than the hashing)."""
    connection = connections[router.db_for_read(AuditEvent)]
    quote = connection.ops.quote_name
    names = [quote(AuditEvent._meta.get_field(name).column) for name in _FIELDS]
    postgres = connection.vendor == "postgresql"
    if postgres:
        names[1] = _PG_ISO.format(col=names[1])
    # Names come from the model's own metadata; the values are parameters. No upper bound
    # in SQL (a range can tempt the planner into sorting the rest of the table per batch):
    # the limit stops at `upto`, and anything past it is left out here.
    table, key = quote(AuditEvent._meta.db_table), quote("seq")
    sql = f"SELECT {', '.join(names)} FROM {table} WHERE {key} > %s ORDER BY {key} LIMIT %s"  # noqa: S608
    last, loads = seq, json.loads
    while upto is None or last < upto:
        size = batch if upto is None else min(batch, upto - last)
        with connection.cursor() as cursor:
            cursor.execute(sql, [last, size])
            chunk = cursor.fetchall()
        for row in chunk:
            if upto is not None and row[0] > upto:
                return
            details = row[7]
            if not isinstance(details, dict):
                details = loads(details)
            yield (
                row[0], row[1] if postgres else _iso(row[1]), row[2], row[3], row[4], row[5],
                row[6], details, row[8], row[9],
            )  # fmt: skip
        if len(chunk) < size:
            return
        last = chunk[-1][0]


# A probe with text that needs escaping: `EventTexts` must give `compute_hash`'s answer.
_PROBE = (7, "2026-01-02T03:04:05.000006+00:00", 3, "Zoë \"x\"", "a.b", "R-1", "::1",
          {"b": [1, None, True], "a": {"é": "\n"}}, "f" * 64)  # fmt: skip


def _hasher(key: bytes) -> Callable[..., str]:
    """The hash of one event from its values in `_FIELDS` order (without the hash)."""
    compute = canonical.compute_hash

    def exact(*values) -> str:
        return compute(**dict(zip(_FIELDS[:-1], values, strict=True)), key=key)

    texts = canonical.EventTexts()

    def fast(*values) -> str:
        return hmac.digest(key, texts(*values).encode("ascii"), "sha256").hex()

    return fast if fast(*_PROBE) == exact(*_PROBE) else exact


@dataclass(frozen=True)
class _Stretch:
    """What checking one stretch of the chain found: its first row's link (checked by
    whoever checked the stretch before), how far it got, and its first problem."""

    first_seq: int | None
    first_prev: str | None
    checked: int
    last_seq: int
    last_hash: str
    broken_seq: int | None = None
    reason: str = ""


def _check(
    rows: Iterable[tuple], expected_seq: int, expected_prev: str | None, key: bytes
) -> _Stretch:
    """Recompute each row's keyed hash and link. `expected_prev` None: the first row's
    link is left to the caller (it belongs to the stretch before)."""
    compute, same, exact = _hasher(key), hmac.compare_digest, canonical.compute_hash
    first_seq = first_prev = None
    checked, last_seq, last_hash = 0, expected_seq - 1, expected_prev or ""
    for row in rows:
        seq, created_at, actor_id, actor_label, action, target_ref, source, details, prev, h = row
        if first_seq is None:
            first_seq, first_prev = seq, prev
            if expected_prev is None:
                expected_prev = prev
        if seq != expected_seq:
            missing = f"event {expected_seq} is missing"
            return _Stretch(
                first_seq, first_prev, checked, last_seq, last_hash, expected_seq, missing
            )
        if prev != expected_prev:
            return _Stretch(
                first_seq, first_prev, checked, last_seq, last_hash, seq,
                "it does not point at the event before it",
            )  # fmt: skip
        recomputed = compute(
            seq, created_at, actor_id, actor_label, action, target_ref, source, details, prev
        )
        if not same(recomputed.encode(), h.encode()) and not same(
            exact(
                seq=seq, created_at=created_at, actor_id=actor_id, actor_label=actor_label,
                action=action, target_ref=target_ref, source=source, details=details,
                prev_hash=prev, key=key,
            ).encode(),
            h.encode(),
        ):  # fmt: skip
            return _Stretch(
                first_seq, first_prev, checked, last_seq, last_hash, seq,
                "its content does not match its keyed hash (altered)",
            )  # fmt: skip
        expected_prev, expected_seq, checked = h, seq + 1, checked + 1
        last_seq, last_hash = seq, h
    return _Stretch(first_seq, first_prev, checked, last_seq, last_hash)


# Chains at least this long (from where the run starts) are checked in two halves, the
# second in a forked process (PostgreSQL only, outside any transaction): each row's check
# needs only its own stored link, and the link across the boundary is checked after.
PARALLEL_FROM = 200_000


def _can_fork() -> bool:
    connection = connections[router.db_for_read(AuditEvent)]
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def auto_split(start_seq: int) -> int | None:
    if not _can_fork():
        return None
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    if head - start_seq < PARALLEL_FROM:
        return None
    return start_seq + (head - start_seq) // 2


def _second_half(sender, split: int, batch: int, key: bytes) -> None:
    """In the forked process: check the events after `split` and send back what it found."""
    try:
        sender.send(_check(_rows_after(split, batch), split + 1, None, key))
    finally:
        connections.close_all()
        sender.close()


def scan(start_seq: int, start_hash: str, batch: int, key: bytes, split: int | None) -> _Stretch:
    """Check every event after `start_seq`; in two halves when `split` falls inside."""
    if split is None or split <= start_seq:
        return _check(_rows_after(start_seq, batch), start_seq + 1, start_hash, key)
    child = receiver = None
    if _can_fork():
        connections.close_all()  # the forked process opens its own connection
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_second_half, args=(sender, split, batch, key))
        child.start()
        sender.close()
    try:
        first = _check(_rows_after(start_seq, batch, upto=split), start_seq + 1, start_hash, key)
        second = None
        if receiver is not None:
            try:
                second = receiver.recv()
            except EOFError:  # the process died: check its half here instead
                second = None
        if second is None:
            second = _check(_rows_after(split, batch), split + 1, None, key)
    finally:
        if child is not None:
            child.join()
    return _joined(first, second, split)


def _joined(first: _Stretch, second: _Stretch, split: int) -> _Stretch:
    """The two halves' findings as one run in order would have found them."""
    if first.broken_seq is not None or second.first_seq is None:
        return first
    if first.last_seq != split:  # the first half ended early: the next event is missing
        gap = first.last_seq + 1
        return _Stretch(
            first.first_seq, first.first_prev, first.checked, first.last_seq, first.last_hash,
            gap, f"event {gap} is missing",
        )  # fmt: skip
    if second.first_seq == split + 1 and second.first_prev != first.last_hash:
        return _Stretch(
            first.first_seq, first.first_prev, first.checked, first.last_seq, first.last_hash,
            split + 1, "it does not point at the event before it",
        )  # fmt: skip
    last_seq, last_hash = (
        (second.last_seq, second.last_hash) if second.checked else (first.last_seq, first.last_hash)
    )
    return _Stretch(
        first.first_seq, first.first_prev, first.checked + second.checked, last_seq, last_hash,
        second.broken_seq, second.reason,
    )  # fmt: skip
