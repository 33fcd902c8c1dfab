"""The audit trail: append one event per action, in the action's own transaction.

Every event holds the hash of the one before, so altering, removing or reordering a row
breaks the chain from that row on; `verify_chain` names the first broken link. The
database itself refuses UPDATE and DELETE on the table (migration 0002).

Details are for references, counts and flags, never client content: `record` refuses
free text (anything with spaces or longer than a reference), so a careless caller fails
loudly in tests instead of leaking a note into the trail.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from practice.models import AuditChainHead, AuditEvent, User

GENESIS_HASH = "0" * 64
_SAFE_TEXT = re.compile(r"^[\w.:@/+=-]{0,80}$")


class Action:
    """Action names. Dotted: <area>.<verb>."""

    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOCKED_OUT = "auth.locked_out"
    LOGOUT = "auth.logout"
    STAFF_CREATED = "staff.created"
    STAFF_UPDATED = "staff.updated"
    STAFF_DEACTIVATED = "staff.deactivated"
    STAFF_REACTIVATED = "staff.reactivated"
    SUPERVISION_STARTED = "supervision.started"
    SUPERVISION_ENDED = "supervision.ended"
    PRACTICE_UPDATED = "practice.updated"
    AUDIT_VERIFIED = "audit.verified"
    SECOND_FACTOR_ENROLLED = "auth.2fa_enrolled"
    SECOND_FACTOR_VERIFIED = "auth.2fa_verified"
    SECOND_FACTOR_FAILED = "auth.2fa_failed"
    SECOND_FACTOR_REQUIRED = "auth.2fa_required"
    SECOND_FACTOR_RESET = "auth.2fa_reset"
    RECOVERY_CODES_ISSUED = "auth.recovery_codes_issued"
    REAUTHENTICATED = "auth.reauthenticated"
    RATE_LIMITED = "security.rate_limited"
    PASSKEY_ADDED = "auth.passkey_added"
    PASSWORD_RESET_REQUESTED = "auth.password_reset_requested"  # noqa: S105 - an action name
    PASSWORD_RESET_DONE = "auth.password_reset_done"  # noqa: S105 - an action name
    PASSWORD_CHANGED = "auth.password_changed"  # noqa: S105 - an action name
    KEYS_ROTATED = "keys.rotated"


def is_reference(text: str) -> bool:
    """True for text the trail may hold: a reference, name or number, never a sentence."""
    return bool(_SAFE_TEXT.match(text))


def reference_or(text: str, fallback: str) -> str:
    return text if is_reference(text) else fallback


class UnsafeAuditDetail(ValueError):
    """A detail value looked like free text; the trail holds references only."""


def _check_details(details: dict[str, Any]) -> None:
    for key, value in details.items():
        if not _SAFE_TEXT.match(str(key)):
            raise UnsafeAuditDetail(f"audit detail key {key!r} is not a plain identifier")
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is None or isinstance(item, bool | int):
                continue
            if not isinstance(item, str) or not _SAFE_TEXT.match(item):
                raise UnsafeAuditDetail(
                    f"audit detail {key!r} must be a reference, number or flag, not free text"
                )


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def compute_hash(
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
    canonical = json.dumps(
        [seq, created_at, actor_id, actor_label, action, target_ref, source, details, prev_hash],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _hash_of(event: AuditEvent) -> str:
    return compute_hash(
        seq=event.seq,
        created_at=event.created_at.isoformat(),
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        target_ref=event.target_ref,
        source=event.source,
        details=event.details,
        prev_hash=event.prev_hash,
    )


def record(
    *,
    action: str,
    actor: User | None = None,
    actor_label: str = "",
    target_ref: str = "",
    request: HttpRequest | None = None,
    source: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Joins the caller's transaction: if the action fails, so does this."""
    details = dict(details or {})
    _check_details(details)
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_id, actor_label = actor.pk, actor_label or actor.get_username()
    else:  # nobody signed in, or the system actor (which names itself)
        actor_id = None
        actor_label = actor_label or (actor.get_username() if actor is not None else "")
    if not _SAFE_TEXT.match(target_ref):
        raise UnsafeAuditDetail("target_ref must be a reference")
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:  # the first event: two writers may both get here
            AuditChainHead.objects.bulk_create(
                [AuditChainHead(pk=1, seq=0, hash=GENESIS_HASH)], ignore_conflicts=True
            )
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        created_at = timezone.now()
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=created_at,
            actor_id=actor_id,
            actor_label=actor_label[:150],
            action=action,
            target_ref=target_ref,
            source=(source or client_address(request))[:64],
            details=details,
            prev_hash=head.hash,
        )
        event.hash = _hash_of(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"Audit chain intact: {self.checked} events verified."
        return f"Audit chain BROKEN at event {self.broken_seq}: {self.reason}"


def _events_in_order(batch: int = 2000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq


def verify_chain() -> ChainReport:
    """Recompute every hash from the first event; name the first event that does not fit."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in _events_in_order():
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != expected_prev:
            return ChainReport(
                False, checked, event.seq, "it does not point at the event before it"
            )
        if _hash_of(event) != event.hash:
            return ChainReport(
                False, checked, event.seq, "its content does not match its hash (altered)"
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq != checked:
        return ChainReport(
            False,
            checked,
            checked + 1,
            f"the chain records {head.seq} events but {checked} are present (removed)",
        )
    return ChainReport(True, checked)
