"""How the records' rows read to a client in a subject access answer (practice.readings)."""

from practice.readings import Field, reading

CASE_FILE = reading(
    "Your case file",
    {
        "therapist": "Your therapist",
        "opened_on": Field("Opened", "date"),
        "closed_on": Field("Closed", "date"),
        "last_contact_on": Field("Last contact", "date"),
        "records_consent": "Your consent to our keeping notes",
        "records_consent_at": Field("Consent recorded", "datetime"),
        "records_consent_declined_at": Field("Consent declined", "datetime"),
        "records_consent_withdrawn_at": Field("Consent withdrawn", "datetime"),
        "consent_override_at": Field("Notes kept without your consent from", "datetime"),
        "consent_override_reason": "Why notes were kept without your consent",
        "retain_until": Field("We keep these records until", "date"),
        "retention_basis": "Why we keep them until then",
        "adult_rule_confirmed_at": Field("Adult retention period confirmed", "datetime"),
        "restricted_since": Field("Use of these records restricted since", "date"),
        "restriction_ground": "Why their use is restricted",
    },
    internal=("record_ref", "records_consent_source"),
)

SESSION = reading(
    "Session on {date}",
    {
        "date": Field("Date", "date"),
        "start_time": Field("Time", "time"),
        "duration_minutes": Field("Length", "minutes"),
        "modality": "How we met",
        "attendance": "Attendance",
    },
    internal=("case_file",),
)

NOTE = reading(
    "Note of the session on {session}",
    {
        "session": Field("Session", "date"),
        "body": "What the note says",
        "status": "State",
        "author": "Written by",
        "created_at": Field("Written", "datetime"),
        "signed_at": Field("Signed and locked", "datetime"),
        "written_without_consent": Field("Written before you agreed to notes", "yesno"),
    },
)

ADDENDUM = reading(
    "Addendum",
    {
        "kind": "What it is",
        "body": "What was added",
        "author": "Added by",
        "created_at": Field("Added", "datetime"),
    },
    internal=("note",),
)

LEGAL_HOLD = reading(
    "A hold on deleting your records",
    {
        "kind": "Why",
        "details": "Details",
        "placed_by": "Placed by",
        "placed_at": Field("Placed", "datetime"),
        "lifted_by": "Lifted by",
        "lifted_at": Field("Lifted", "datetime"),
    },
    internal=("case_file",),
)
