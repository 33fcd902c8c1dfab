"""The audit trail: one event per action, appended in the action's own transaction.

Every event holds the hash of the one before, so altering, removing or reordering a row
breaks the chain from that row on; `verify` names the first broken link. Each hash is an
HMAC under `AUDIT_KEY`, a key from the environment that never enters the database, so
someone who can write the database still cannot rewrite history unseen. The database
itself refuses UPDATE, DELETE and TRUNCATE on the table, and refuses to move the chain
head backwards (see `practice/migrations/_audit_triggers.py`).

The modules import one way only, each from those above it:
`keys` ← `models` ← `canonical` ← `sequencer` ← `recording` ← `scan` ← `verify`, with
`actions` (the registry of declared actions) and `labels` (the words pages show) beside
them. Callers use this package: `audit.record(...)`, `audit.verify_chain`; each app's
actions come from its own `audit_actions` module (the trail's own from `trail_actions`).
"""

from practice.audit.actions import UnregisteredAction
from practice.audit.canonical import GENESIS_HASH, compute_hash
from practice.audit.keys import ENV_VARIABLE, GENERATE_HINT, AuditKeyError, audit_key, keyed_digest
from practice.audit.recording import (
    UnsafeAuditDetail,
    is_reference,
    record,
    reference_or,
)
from practice.audit.verify import verify_chain

__all__ = [
    "ENV_VARIABLE",
    "GENERATE_HINT",
    "GENESIS_HASH",
    "AuditKeyError",
    "UnregisteredAction",
    "UnsafeAuditDetail",
    "audit_key",
    "compute_hash",
    "is_reference",
    "keyed_digest",
    "record",
    "reference_or",
    "verify_chain",
]
