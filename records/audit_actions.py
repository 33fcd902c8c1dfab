"""The audit actions of case files, notes, retention, legal holds and disposal, with
their plain-English labels.
"""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    CASE_FILE_OPENED = "records.case_file_opened", "Case file opened"
    CASE_FILE_CLOSED = "records.case_file_closed", "Case file closed (therapy ended)"
    CONSENT_RECORDED = "records.consent_recorded", "Records consent recorded"
    CONSENT_WITHDRAWN = "records.consent_withdrawn", "Records consent withdrawn"
    CONSENT_DECLINED = "records.consent_declined", "Records consent declined"
    CONSENT_OVERRIDE = "records.consent_override", "Note written before consent (reason given)"
    SESSION_SAVED = "records.session_saved", "Session recorded or changed"
    NOTE_CREATED = "records.note_created", "Note drafted"
    NOTE_SAVED = "records.note_saved", "Draft note saved"
    NOTE_SIGNED = "records.note_signed", "Note signed and locked"
    ADDENDUM_ADDED = "records.addendum_added", "Addendum added"
    CLIENT_STATEMENT_ADDED = (
        "records.client_statement_added",
        "Client's statement attached to a note",
    )
    NOTES_VIEWED = "records.notes_viewed", "Notes read"
    ACCESS_DENIED = "records.access_denied", "Access refused"
    CASE_FILE_TRANSFERRED = "records.case_file_transferred", "Case file moved to another therapist"
    KEYS_ROTATED = "keys.rotated", "Encryption keys rotated"
    POLICY_CHANGED = (
        "records.retention_policy_changed",
        "Retention policy changed (dates recomputed)",
    )
    ADULT_RULE_CONFIRMED = (
        "records.adult_rule_confirmed",
        "Adult retention period confirmed for a client whose age is not known",
    )
    HOLD_PLACED = "records.legal_hold_placed", "Legal hold placed"
    HOLD_LIFTED = "records.legal_hold_lifted", "Legal hold lifted"
    DISPOSAL_STARTED = "records.disposal_started", "Disposal begun: encryption key destroyed"
    DISPOSED = "records.disposed", "Disposed of: every row deleted, tombstone kept"
