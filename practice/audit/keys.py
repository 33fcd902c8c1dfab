"""The audit key: the HMAC key every hash and signature of the trail is made under.

It comes from the environment (`AUDIT_KEY`) and never enters the database, so someone
who can write the database still cannot rewrite history unseen.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENV_VARIABLE = "AUDIT_KEY"
GENERATE_HINT = (
    "Set AUDIT_KEY in the environment (or .env) to a long random value, e.g. the output of "
    "python -c 'import secrets; print(secrets.token_urlsafe(48))'. Keep it apart from "
    "database backups, like ENCRYPTION_KEYS."
)
_MIN_KEY_LENGTH = 32


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
