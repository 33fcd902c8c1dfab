"""How complaint rows read to a client in their subject access answer (practice.readings)."""

from django.utils import timezone

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

SENDING = reading(
    "A letter about your complaint sent by e-mail",
    {"letter": "Which letter", "status": "Whether it was sent", "at": Field("When", "date")},
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


def sending_export(sending) -> dict:
    when = sending.finished_at or sending.queued_at
    return {
        "letter": sending.letter.get_kind_display(),
        "status": sending.get_status_display(),
        "at": timezone.localdate(when).isoformat(),
    }


# A breach reaches a client only through the link to their case file, and only in the words
# chosen for a client: never the register's own account, assessment or reasons.
BREACH = reading(
    "A personal-data breach that affected your record ({reference})",
    {
        "reference": "Reference",
        "discovered_on": Field("When we found it", "date"),
        "what_happened": "What happened",
        "what_was_done": "What we have done",
        "reported_to_ico": Field("Reported to the Information Commissioner's Office", "yesno"),
        "you_were_told_on": Field("When we told you", "date"),
    },
)


def breach_record_export(link) -> dict:
    breach = link.breach
    return {
        "reference": breach.reference,
        "discovered_on": timezone.localtime(breach.discovered_at).date().isoformat(),
        "what_happened": breach.get_for_client(),
        "what_was_done": breach.get_done_for_client() or None,
        "reported_to_ico": breach.ico_notified_at is not None,
        "you_were_told_on": breach.people_notified_on.isoformat()
        if breach.people_notified_on
        else None,
    }


RECTIFICATION = reading(
    "Your request to correct your record ({reference})",
    {
        "reference": "Reference",
        "received_on": Field("Received", "date"),
        "asks": "What you asked us to correct",
        "status": "State",
        "extended_by_months": "Time extended by (months)",
        "extension_reasons": "Why we needed more time",
        "response": "What we decided",
        "response_reasons": "What we did, or why not",
        "responded_on": Field("Decided", "date"),
        "closed_on": Field("Outcome sent", "date"),
    },
)

RECTIFICATION_LETTER = reading(
    "Letter about your request to correct your record: {kind}",
    {"dated": Field("Dated", "date"), "kind": "Which letter"},
)


def _day(day):
    return day.isoformat() if day else None


def rectification_export(rectification) -> dict:
    return {
        "reference": rectification.reference,
        "received_on": rectification.received_on.isoformat(),
        "asks": rectification.get_asks(),
        "status": rectification.get_status_display(),
        "extended_by_months": rectification.extension_months or None,
        "extension_reasons": rectification.get_extension_reasons() or None,
        "response": rectification.get_response_display() or None,
        "response_reasons": rectification.get_response_reasons() or None,
        "responded_on": _day(rectification.responded_on),
        "closed_on": _day(rectification.closed_on),
    }


def rectification_letter_export(letter) -> dict:
    return {"dated": letter.dated.isoformat(), "kind": letter.get_kind_display()}


OBJECTION = reading(
    "Your objection to how we use your information ({reference})",
    {
        "reference": "Reference",
        "received_on": Field("Received", "date"),
        "asks": "What you objected to",
        "status": "State",
        "extended_by_months": "Time extended by (months)",
        "extension_reasons": "Why we needed more time",
        "decision": "What we decided",
        "ground": "The ground for continuing",
        "decision_reasons": "What stops, or why it continues",
        "decided_on": Field("Decided", "date"),
    },
)

OBJECTION_LETTER = reading(
    "Letter about your objection: {kind}",
    {"dated": Field("Dated", "date"), "kind": "Which letter"},
)


def objection_export(objection) -> dict:
    return {
        "reference": objection.reference,
        "received_on": objection.received_on.isoformat(),
        "asks": objection.get_asks(),
        "status": objection.get_status_display(),
        "extended_by_months": objection.extension_months or None,
        "extension_reasons": objection.get_extension_reasons() or None,
        "decision": objection.get_decision_display() or None,
        "ground": objection.get_ground_display() or None,
        "decision_reasons": objection.get_decision_reasons() or None,
        "decided_on": _day(objection.decided_on),
    }


def objection_letter_export(letter) -> dict:
    return {"dated": letter.dated.isoformat(), "kind": letter.get_kind_display()}


ERASURE = reading(
    "Your request for erasure ({reference})",
    {
        "reference": "Reference",
        "received_on": Field("Received", "date"),
        "asks": "What you asked us to erase",
        "status": "State",
        "extended_by_months": "Time extended by (months)",
        "extension_reasons": "Why we needed more time",
        "ground": "The ground for keeping the records",
        "decision_reasons": "Why, in our words",
        "decided_on": Field("Decided", "date"),
    },
)

ERASURE_LETTER = reading(
    "Letter about your request for erasure: {kind}",
    {"dated": Field("Dated", "date"), "kind": "Which letter"},
)

RESTRICTION = reading(
    "Your request to restrict how we use your information ({reference})",
    {
        "reference": "Reference",
        "received_on": Field("Received", "date"),
        "ground": "Your ground",
        "asks": "What you asked",
        "status": "State",
        "extended_by_months": "Time extended by (months)",
        "extension_reasons": "Why we needed more time",
        "applied_on": Field("Restricted from", "date"),
        "lift_reasons": "Why we lifted it",
        "lifted_on": Field("Lifted", "date"),
    },
)

RESTRICTION_LETTER = reading(
    "Letter about your request to restrict: {kind}",
    {"dated": Field("Dated", "date"), "kind": "Which letter"},
)


def erasure_export(erasure) -> dict:
    erased = erasure.is_erased  # its words were emptied with the record
    return {
        "reference": erasure.reference,
        "received_on": erasure.received_on.isoformat(),
        "asks": None if erased else erasure.get_asks(),
        "status": erasure.get_status_display(),
        "extended_by_months": erasure.extension_months or None,
        "extension_reasons": None if erased else (erasure.get_extension_reasons() or None),
        "ground": erasure.get_ground_display() or None,
        "decision_reasons": None if erased else (erasure.get_decision_reasons() or None),
        "decided_on": _day(erasure.decided_on),
    }


def erasure_letter_export(letter) -> dict:
    return {"dated": letter.dated.isoformat(), "kind": letter.get_kind_display()}


def restriction_export(restriction) -> dict:
    return {
        "reference": restriction.reference,
        "received_on": restriction.received_on.isoformat(),
        "ground": restriction.get_ground_display(),
        "asks": restriction.get_asks(),
        "status": restriction.get_status_display(),
        "extended_by_months": restriction.extension_months or None,
        "extension_reasons": restriction.get_extension_reasons() or None,
        "applied_on": _day(restriction.applied_on),
        "lift_reasons": restriction.get_lift_reasons() or None,
        "lifted_on": _day(restriction.lifted_on),
    }


def restriction_letter_export(letter) -> dict:
    return {"dated": letter.dated.isoformat(), "kind": letter.get_kind_display()}
