"""How complaint rows read to a client in their subject access answer (practice.readings)."""

from practice.readings import Field, reading

COMPLAINT = reading(
    "Your complaint {reference}",
    {
        "reference": "Reference",
        "received_on": Field("Received", "date"),
        "channel": "How it reached us",
        "about": "What it was about",
        "status": "State",
        "acknowledged_on": Field("Acknowledged", "date"),
        "closed_on": Field("Closed", "date"),
        "outcome": "The outcome",
    },
)

NOTE = reading(
    "{kind} on {written_on}",
    {"written_on": Field("Date", "date"), "kind": "What it is", "body": "Words"},
)

LETTER = reading(
    "Letter: {kind}",
    {"dated": Field("Dated", "date"), "kind": "Which letter"},
)


def complaint_export(complaint) -> dict:
    return {
        "reference": complaint.reference,
        "received_on": complaint.received_on.isoformat(),
        "channel": complaint.get_channel_display(),
        "about": complaint.get_about(),
        "status": complaint.get_status_display(),
        "acknowledged_on": complaint.acknowledged_on.isoformat()
        if complaint.acknowledged_on
        else None,
        "closed_on": complaint.closed_on.isoformat() if complaint.closed_on else None,
        "outcome": complaint.get_outcome(),
    }


def note_export(note) -> dict:
    return {
        "written_on": note.written_on.isoformat(),
        "kind": note.get_kind_display(),
        "body": note.get_body(),
    }


def letter_export(letter) -> dict:
    return {"dated": letter.dated.isoformat(), "kind": letter.get_kind_display()}
