"""The one canonical form of an audit event: the text its keyed hash and its queue
signature are made over.

The content fields are `AuditContent`'s, in its order; an event on the chain is
`[seq, *content, prev_hash]` and an entry waiting to be linked `[token, *content]`, as
compact JSON with sorted keys and ASCII only. `compute_hash`, the queue's signatures, the
chain scanner and the benchmark's bulk seeder all make their text here, so none can drift.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from practice.audit.keys import audit_key, keyed_digest
from practice.audit.models import AuditContent

GENESIS_HASH = "0" * 64
# The content fields as stored (`actor_id`, not `actor`), in the model's order.
CONTENT = tuple(field.attname for field in AuditContent._meta.local_fields)
# An event's columns as the scanner reads them: seq, the content, its link and hash.
EVENT_COLUMNS = ("seq", *CONTENT, "prev_hash", "hash")

encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode


def event_text(
    *,
    seq: int,
    created_at: str,
    actor_id: int | None,
    actor_label: str,
    action: str,
    target_ref: str,
    source: str,
    details: dict[str, Any],
    prev_hash: str,
) -> str:
    """THE canonical text of one chained event. `created_at` is the ISO 8601 text of the
    aware UTC time (`datetime.isoformat()`)."""
    return encode(
        [seq, created_at, actor_id, actor_label, action, target_ref, source, details, prev_hash]
    )


def compute_hash(*, key: bytes | None = None, **values: Any) -> str:
    """THE hash of one chained event: HMAC-SHA256 under `AUDIT_KEY` over `event_text`.

    `key` defaults to the configured audit key; bulk writers may pass `audit_key()` once.
    """
    canonical = event_text(**values)
    return hmac.new(key or audit_key(), canonical.encode("ascii"), hashlib.sha256).hexdigest()


def hash_content(content: Mapping[str, Any], *, seq: int, prev_hash: str, key=None) -> str:
    """`compute_hash` of an event's content as `record()` gives it (`created_at` a time)."""
    values = {name: content[name] for name in CONTENT}
    values["created_at"] = values["created_at"].isoformat()
    return compute_hash(**values, seq=seq, prev_hash=prev_hash, key=key)


def entry_text(token: uuid.UUID | str, content: Mapping[str, Any]) -> str:
    """The canonical text of an entry waiting to be linked: its token, then its content."""
    values = [content[name] for name in CONTENT]
    values[0] = values[0].isoformat()
    return encode([str(uuid.UUID(str(token))), *values])


def entry_mac(token: uuid.UUID | str, content: Mapping[str, Any]) -> str:
    """The signature an entry carries while it waits: HMAC under `AUDIT_KEY`."""
    return keyed_digest("entry", entry_text(token, content))


# Text JSON quotes as it is: no escapes needed (no quote, backslash, control or non-ASCII).
_AS_IS = re.compile(r"[A-Za-z0-9:.+\-]*").fullmatch


class EventTexts:
    """`event_text` for many events at once (the scanner, the bulk seeder): the same text,
    put together from parts, each label, action and reference quoted once."""

    def __init__(self) -> None:
        self._quoted: dict[str, str] = {}

    def _text(self, value: str) -> str:
        quoted = self._quoted
        if value not in quoted:
            if len(quoted) > 100_000:
                quoted.clear()
            quoted[value] = encode(value)
        return quoted[value]

    def __call__(
        self, seq, created_at, actor_id, actor_label, action, target_ref, source, details, prev
    ) -> str:
        when = f'"{created_at}"' if _AS_IS(created_at) else encode(created_at)
        link = f'"{prev}"' if _AS_IS(prev) else encode(prev)
        number = seq if type(seq) is int else encode(seq)
        actor = actor_id if type(actor_id) is int else encode(actor_id)  # None is null
        text = self._text
        return (
            f"[{number},{when},{actor},{text(actor_label)},{text(action)},"
            f"{text(target_ref)},{text(source)},{encode(details)},{link}]"
        )
