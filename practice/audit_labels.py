"""Plain-English labels for audit actions and their details, for the pages people read.

The labels are also the audit page's action filter, so the filter never has to ask the
database which actions exist.
"""

LABELS = {
    "auth.login": "Signed in (password)",
    "auth.login_failed": "Failed sign-in",
    "auth.locked_out": "Account locked after failed sign-ins",
    "auth.logout": "Signed out",
    "auth.2fa_enrolled": "Set up two-factor sign-in",
    "auth.2fa_verified": "Passed the second factor",
    "auth.2fa_failed": "Wrong second-factor code",
    "auth.2fa_required": "Tried to skip the second factor",
    "auth.2fa_reset": "Second factor reset by an admin (before two-person approval)",
    "auth.account_change_requested": "Account change asked for (needs a second person)",
    "auth.account_change_approved": "Account change approved and applied",
    "auth.account_change_refused": "Account change refused",
    "auth.account_change_cancelled": "Account change withdrawn",
    "auth.account_change_blocked": "Account change refused by a rule (nothing changed)",
    "auth.recovery_codes_issued": "New recovery codes made",
    "auth.passkey_added": "Passkey added",
    "auth.reauthenticated": "Confirmed identity for a sensitive action",
    "auth.password_reset_requested": "Password reset requested",
    "auth.password_reset_done": "Password reset",
    "auth.password_changed": "Changed own password",
    "security.rate_limited": "Too many attempts: paused",
    "staff.created": "Staff account created",
    "staff.updated": "Staff account changed",
    "staff.deactivated": "Staff account deactivated",
    "staff.reactivated": "Staff account reactivated",
    "supervision.started": "Supervision link started",
    "supervision.ended": "Supervision link ended",
    "practice.updated": "Practice profile changed",
    "keys.rotated": "Encryption keys rotated",
    "audit.chain_keyed": "Audit chain re-linked under the audit key",
    "audit.checkpoint_made": "Audit checkpoint made",
    "audit.entry_rejected": "Queued audit entry rejected (signature does not match)",
    "audit.entry_replayed": "Queued audit entry refused as a replay (already on the chain)",
    "records.case_file_opened": "Case file opened",
    "records.case_file_closed": "Case file closed (therapy ended)",
    "records.consent_recorded": "Records consent recorded",
    "records.consent_withdrawn": "Records consent withdrawn",
    "records.consent_declined": "Records consent declined",
    "records.consent_override": "Note written before consent (reason given)",
    "records.session_saved": "Session recorded or changed",
    "records.note_created": "Note drafted",
    "records.note_saved": "Draft note saved",
    "records.note_signed": "Note signed and locked",
    "records.addendum_added": "Addendum added",
    "records.notes_viewed": "Notes read",
    "records.access_denied": "Access refused",
    "clients.created": "Client added",
    "clients.updated": "Client details changed",
    "clients.therapy_ended": "Therapy ended",
    "clients.caseload_transferred": "Caseload moved to another therapist",
    "records.case_file_transferred": "Case file moved to another therapist",
    "clients.parental_responsibility_added": "Person with parental responsibility added",
    "clients.parental_responsibility_removed": "Person with parental responsibility removed",
    "contracting.generated": "Contract and privacy notice prepared",
    "contracting.sent": "Signing link sent",
    "contracting.opened": "Signing link opened by the client",
    "contracting.document_read": "Contract or notice opened",
    "contracting.acknowledged": "Contract acknowledged",
    "contracting.withdrawn": "Consent withdrawn",
    "contracting.template_published": "Document template published",
}


def register_labels(labels: dict[str, str]) -> None:
    """An app adds the labels of its own actions at start-up (`AppConfig.ready`)."""
    LABELS.update(labels)


def label_for(action: str) -> str:
    return LABELS.get(action, action)


def choices() -> list[tuple[str, str]]:
    """(action, label) pairs sorted by label, for a filter people can read."""
    return sorted(LABELS.items(), key=lambda item: item[1].lower())


# Detail keys that read better as other words than their name with spaces.
_DETAIL_WORDS = {
    "fields": "changed",
    "roles_before": "roles before",
    "roles_after": "roles after",
    "unkeyed_ok": "old chain verified",
    "unkeyed_head": "old chain head",
}


def _value_in_words(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, list | tuple):
        return ", ".join(_value_in_words(item) for item in value)
    return str(value).replace("_", " ")


def describe_details(details: dict) -> str:
    """An event's details as a short phrase: 'changed: email, first name; roles after: admin'."""
    parts = []
    for key, value in (details or {}).items():
        name = _DETAIL_WORDS.get(key, str(key).replace("_", " "))
        parts.append(f"{name}: {_value_in_words(value)}")
    return "; ".join(parts)
