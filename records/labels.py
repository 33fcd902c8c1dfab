"""Plain-English labels for the audit actions of retention, legal holds and disposal."""

LABELS = {
    "records.retention_policy_changed": "Retention policy changed (dates recomputed)",
    "records.legal_hold_placed": "Legal hold placed",
    "records.legal_hold_lifted": "Legal hold lifted",
    "records.disposal_started": "Disposal begun: encryption key destroyed",
    "records.disposed": "Disposed of: every row deleted, tombstone kept",
}
