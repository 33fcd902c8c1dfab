"""Plain-English labels for audit actions, for the pages people read."""

LABELS = {
    "auth.login": "Signed in (password)",
    "auth.login_failed": "Failed sign-in",
    "auth.locked_out": "Account locked after failed sign-ins",
    "auth.logout": "Signed out",
    "auth.2fa_enrolled": "Set up two-factor sign-in",
    "auth.2fa_verified": "Passed the second factor",
    "auth.2fa_failed": "Wrong second-factor code",
    "auth.2fa_required": "Tried to skip the second factor",
    "auth.2fa_reset": "Second factor reset by an admin",
    "auth.recovery_codes_issued": "New recovery codes made",
    "auth.passkey_added": "Passkey added",
    "auth.reauthenticated": "Confirmed identity for a sensitive action",
    "auth.password_reset_requested": "Password reset requested",
    "auth.password_reset_done": "Password reset",
    "security.rate_limited": "Too many attempts: paused",
    "staff.created": "Staff account created",
    "staff.updated": "Staff account changed",
    "staff.deactivated": "Staff account deactivated",
    "staff.reactivated": "Staff account reactivated",
    "supervision.started": "Supervision link started",
    "supervision.ended": "Supervision link ended",
    "practice.updated": "Practice profile changed",
    "keys.rotated": "Encryption keys rotated",
    "records.case_file_opened": "Case file opened",
    "records.case_file_closed": "Case file closed (therapy ended)",
    "records.consent_recorded": "Records consent recorded",
    "records.consent_withdrawn": "Records consent withdrawn",
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


def register(labels: dict[str, str]) -> None:
    """An app adds the labels of its own actions (from its `AppConfig.ready`)."""
    LABELS.update(labels)


def label_for(action: str) -> str:
    return LABELS.get(action, action)
