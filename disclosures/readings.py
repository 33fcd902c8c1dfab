"""How disclosure rows read to a client in a subject access answer (practice.readings).

Only disclosures a client may be told about reach an answer (practice.client_facing);
whether a disclosure is restricted, and why, is machinery and never printed.
"""

import json

from disclosures.models import CALDICOTT
from practice.readings import Field, reading


def caldicott_answers(value) -> list[str]:
    """Each Caldicott principle in words, with whether it was met and why."""
    answers = json.loads(value) if isinstance(value, str) else value
    lines = []
    for principle, answer in zip(CALDICOTT, answers, strict=False):
        if not isinstance(answer, dict):
            continue
        verdict = "met" if answer.get("met") else "not met"
        reason = str(answer.get("reason") or "").strip()
        lines.append(f"{principle}: {verdict}." + (f" {reason}" if reason else ""))
    return lines


REQUEST = reading(
    "Request to share information: {kind}",
    {
        "therapist": "Your therapist",
        "status": "State",
        "kind": "Kind of request",
        "statute_named": "The law named",
        "authority_body": "Who asked",
        "authority_route": "How they asked",
        "authority_ground": "The ground they gave",
        "situation": "The situation",
        "reason": "Why sharing was considered",
        "legal_basis": "The legal basis",
        "caldicott": Field("The Caldicott principles, considered", render=caldicott_answers),
        "recipient_name": "Recipient",
        "recipient_organisation": "Their organisation",
        "recipient_role": "Their role",
        "recipient_contact": "How to reach them",
        "shared_text": "What would be shared",
        "consent_status": "Your consent",
        "not_sought_reason": "Why your consent was not sought",
        "consent_notes": "Notes on your consent",
        "capacity_impairment": "Capacity: what might affect the decision",
        "capacity_decision": "Capacity: the conclusion",
        "discussed_who_sees": Field("Talked with you about who will see it", "yesno"),
        "discussed_loss_of_control": Field(
            "Talked with you about losing control of it once shared", "yesno"
        ),
        "discussed_unwanted_content": Field(
            "Talked with you about what it may say that you would rather it did not", "yesno"
        ),
        "client_authority_on": Field("Your written authority, dated", "date"),
        "conversation_notes": "Notes of our conversation",
        "report_choice": "The report",
        "report_text": "The report's words",
        "supervisor_discussed_on": Field("Discussed with the supervisor on", "date"),
        "legal_advice_source": "Legal advice from",
        "legal_advice_reference": "Advice reference",
        "advice_summary": "What the advice said",
        "consequences_client": "Likely effect on you",
        "consequences_others": "Likely effect on others",
        "consequences_relationship": "Likely effect on our work together",
        "concern_first_raised_on": Field("Concern first raised", "date"),
        "is_emergency": Field("Made in an emergency", "yesno"),
        "court_limit_considered": Field(
            "Considered asking the court to limit what is disclosed", "yesno"
        ),
        "court_identity_called_back": Field(
            "Checked the order by calling back on a number found independently", "yesno"
        ),
        "review_due_on": Field("Review due", "date"),
        "emergency_verdict": "The supervisor's verdict on acting at once",
        "created_at": Field("Started", "datetime"),
        "submitted_at": Field("Sent to the supervisor", "datetime"),
        "decided_at": Field("Decided", "datetime"),
        "decided_by": "Decided by",
    },
    internal=("case_file", "updated_at", "approved_sha256"),
)

QUOTED_PASSAGE = reading(
    "Passage quoted from your note of {note_date}",
    {
        "note_date": Field("From the note of", "date"),
        "text": "The passage",
        "added_at": Field("Quoted", "datetime"),
    },
    internal=("request", "note_ref"),
)

REQUEST_EVENT = reading(
    "Step: {to_status}",
    {
        "from_status": "From",
        "to_status": "To",
        "actor": "By",
        "at": Field("When", "datetime"),
        "reasons": "Reasons given",
    },
    internal=("request", "action"),
)

EVIDENCE = reading(
    "A document kept with the request: {kind}",
    {
        "kind": "What it is",
        "file_name": "File",
        "uploaded_by": "Kept by",
        "uploaded_at": Field("Kept", "datetime"),
    },
    internal=("request", "content_type", "sha256", "size_bytes"),
)

CLIENT_REPORT = reading(
    "Report written for you",
    {
        "report_text": "The report",
        "made_by": "Written by",
        "made_at": Field("Made", "datetime"),
    },
    internal=("request", "pdf", "sha256", "text_sha256", "size_bytes"),
)

DISCLOSURE_RECORD = reading(
    "Information shared on {disclosed_on}",
    {
        "disclosed_on": Field("Shared on", "date"),
        "disclosed_time": Field("Time", "time"),
        "method": "How",
        "recipient": "With",
        "purpose": "Why",
        "legal_basis": "The legal basis",
        "what_was_sent": "What was shared",
        "disclosed_by": "Shared by",
        "approved_by": "Approved by",
        "emergency": Field("Shared in an emergency", "yesno"),
        "recorded_at": Field("Recorded", "datetime"),
    },
    internal=("request", "case_file", "restricted", "restricted_reason", "restricted_review_on"),
)

RESTRICTION_LIFT = reading(
    "Decision to tell you about information shared",
    {
        "status": "Outcome",
        "asked_by": "Asked by",
        "asked_at": Field("Asked", "datetime"),
        "reason": "Reason",
        "decided_by": "Decided by",
        "decided_at": Field("Decided", "datetime"),
        "response": "Response",
    },
    internal=("disclosure",),
)
