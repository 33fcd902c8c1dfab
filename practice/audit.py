"""The audit trail: append one event per action, in the action's own transaction.

Linking into the chain is `practice.audit_sequencer`'s: at once when the chain is free,
else queued and linked in order right after, so no action waits on another's.

Every event holds the hash of the one before, so altering, removing or reordering a row
breaks the chain from that row on; `practice.audit_verify` names the first broken link.
Each hash is an HMAC under `AUDIT_KEY`, a key from the environment that never enters the
database, so someone who can write the database still cannot rewrite history unseen. The
database itself refuses UPDATE, DELETE and TRUNCATE on the table, and refuses to move the
chain head backwards (see `practice/migrations/_audit_triggers.py`).

Details are for references, counts and flags, never client content: `record` refuses
free text (anything with spaces or longer than a reference), so a careless caller fails
loudly in tests instead of leaking a note into the trail.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils import timezone

from practice import audit_sequencer, sources
from practice.models import AuditEntry, AuditEvent, User

GENESIS_HASH = "0" * 64
ENV_VARIABLE = "AUDIT_KEY"
GENERATE_HINT = (
    "Set AUDIT_KEY in the environment (or .env) to a long random value, e.g. the output of "
    "python -c 'import secrets; print(secrets.token_urlsafe(48))'. Keep it apart from "
    "database backups, like ENCRYPTION_KEYS."
)
_MIN_KEY_LENGTH = 32
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
    SECOND_FACTOR_ENROLLED = "auth.2fa_enrolled"
    SECOND_FACTOR_VERIFIED = "auth.2fa_verified"
    SECOND_FACTOR_FAILED = "auth.2fa_failed"
    SECOND_FACTOR_REQUIRED = "auth.2fa_required"
    RECOVERY_CODES_ISSUED = "auth.recovery_codes_issued"
    REAUTHENTICATED = "auth.reauthenticated"
    RATE_LIMITED = "security.rate_limited"
    PASSKEY_ADDED = "auth.passkey_added"
    PASSWORD_RESET_REQUESTED = "auth.password_reset_requested"  # noqa: S105 - an action name
    PASSWORD_RESET_DONE = "auth.password_reset_done"  # noqa: S105 - an action name
    PASSWORD_CHANGED = "auth.password_changed"  # noqa: S105 - an action name
    ACCOUNT_CHANGE_REQUESTED = "auth.account_change_requested"
    ACCOUNT_CHANGE_APPROVED = "auth.account_change_approved"
    ACCOUNT_CHANGE_REFUSED = "auth.account_change_refused"
    ACCOUNT_CHANGE_CANCELLED = "auth.account_change_cancelled"
    ACCOUNT_CHANGE_BLOCKED = "auth.account_change_blocked"
    CHAIN_KEYED = "audit.chain_keyed"
    CHECKPOINT_MADE = "audit.checkpoint_made"


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
    """The address a request came from (`practice.sources.address_of`)."""
    return sources.address_of(request)


class AuditKeyError(ImproperlyConfigured):
    """`AUDIT_KEY` is missing or too short: the chain cannot be written or checked."""


@lru_cache(maxsize=4)
def _key_bytes(raw: str) -> bytes:
    if not raw:
        raise AuditKeyError(f"{ENV_VARIABLE} is not set. {GENERATE_HINT}")
    if len(raw) < _MIN_KEY_LENGTH:
        raise AuditKeyError(
            f"{ENV_VARIABLE} is too short (at least {_MIN_KEY_LENGTH} characters). {GENERATE_HINT}"
        )
    return raw.encode()


def audit_key() -> bytes:
    """The chain's HMAC key, from the environment; raises naming `AUDIT_KEY` when unusable."""
    return _key_bytes(getattr(settings, "AUDIT_KEY", ""))


def keyed_digest(purpose: str, message: str) -> str:
    """HMAC-SHA256 under the audit key, separated by purpose (checkpoints, usernames…)."""
    return hmac.new(audit_key(), f"{purpose}|{message}".encode(), hashlib.sha256).hexdigest()


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
    key: bytes | None = None,
) -> str:
    """THE hash of one chained event: HMAC-SHA256 under `AUDIT_KEY` over its canonical JSON.

    `created_at` is the ISO 8601 text of the aware UTC time (`datetime.isoformat()`).
    `key` defaults to the configured audit key; bulk writers may pass `audit_key()` once.
    """
    canonical = json.dumps(
        [seq, created_at, actor_id, actor_label, action, target_ref, source, details, prev_hash],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hmac.new(key or audit_key(), canonical.encode("ascii"), hashlib.sha256).hexdigest()


def record(
    *,
    action: str,
    actor: User | None = None,
    actor_label: str = "",
    target_ref: str = "",
    request: HttpRequest | None = None,
    source: str = "",
    details: dict[str, Any] | None = None,
    wait_for_chain: bool = False,
) -> AuditEvent | AuditEntry:
    """Append one event. Joins the caller's transaction: if the action fails, so does this.

    Returns the event, linked into the chain; or, when another writer is linking at that
    moment, the signed entry that will be linked right after (`practice.audit_sequencer`).
    `wait_for_chain` waits for the chain instead, for a caller that needs the event's
    place on it (a checkpoint).
    """
    details = dict(details or {})
    _check_details(details)
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_id, actor_label = actor.pk, actor_label or actor.get_username()
    else:  # nobody signed in, or the system actor (which names itself)
        actor_id = None
        actor_label = actor_label or (actor.get_username() if actor is not None else "")
    if not _SAFE_TEXT.match(target_ref):
        raise UnsafeAuditDetail("target_ref must be a reference")
    content = {
        "created_at": timezone.now(),
        "actor_id": actor_id,
        "actor_label": actor_label[:150],
        "action": action,
        "target_ref": target_ref,
        "source": (source or client_address(request) or sources.current())[:64],
        "details": details,
    }
    return audit_sequencer.append(content, wait=wait_for_chain)


def verify_chain(**options):
    """Check the chain (see `practice.audit_verify.verify_chain`); kept here for callers."""
    from practice import audit_verify

    return audit_verify.verify_chain(**options)
