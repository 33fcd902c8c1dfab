"""The audit actions of disclosure requests, disclosures and restrictions, with their
plain-English labels.
"""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    STARTED = "disclosures.started", "Disclosure request started"
    EVIDENCE_ADDED = (
        "disclosures.evidence_added",
        "Document kept with a disclosure request (a court order, a request, an authority)",
    )
    EVIDENCE_READ = "disclosures.evidence_read", "Document kept with a disclosure request opened"
    COURT_ORDER_CHECKS = (
        "disclosures.court_order_checks",
        "Court order checks recorded (limiting what is disclosed; calling back to verify)",
    )
    STEP_SAVED = "disclosures.step_saved", "Disclosure request step saved"
    PASSAGE_QUOTED = (
        "disclosures.passage_quoted",
        "Passage of a note quoted in a disclosure request",
    )
    PASSAGE_REMOVED = (
        "disclosures.passage_removed",
        "Quoted passage removed from a disclosure request",
    )
    VIEWED = "disclosures.viewed", "Disclosure request read"
    SUBMITTED = "disclosures.submitted", "Disclosure request sent for review"
    IDENTIFIERS_WARNED = (
        "disclosures.identifiers_warned",
        "Warned before sending that a request names the client",
    )
    WITHDRAWN = "disclosures.withdrawn", "Disclosure request withdrawn"
    APPROVED = "disclosures.approved", "Disclosure request approved"
    DECLINED = "disclosures.declined", "Disclosure request declined"
    CHANGES_REQUESTED = "disclosures.changes_requested", "Changes asked for on a disclosure request"
    DISCLOSED = "disclosures.disclosed", "Disclosure made and recorded"
    EMERGENCY_DISCLOSED = (
        "disclosures.emergency_disclosed",
        "Emergency disclosure made and recorded",
    )
    REVIEWED = "disclosures.reviewed", "Emergency disclosure reviewed afterwards"
    CLOSED = "disclosures.closed", "Disclosure request closed"
    REPORT_AMENDED = (
        "disclosures.report_amended",
        "Approved report changed and sent back for review",
    )
    REPORT_MADE = "disclosures.report_made", "Report for the client's request made"
    REPORT_READ = "disclosures.report_read", "Report for the client's request downloaded"
    DECISION_RECORD_PRINTED = "disclosures.decision_record_printed", "Decision record printed"
    RECORD_VIEWED = "disclosures.record_viewed", "Record of disclosures read"
    RESTRICTION_KEPT = (
        "disclosures.restriction_kept",
        "Restricted disclosure reviewed and kept from the client",
    )
    RESTRICTION_LIFTED = (
        "disclosures.restriction_lifted",
        "Restriction lifted with the supervisor's agreement",
    )
    RESTRICTION_LIFT_ASKED = (
        "disclosures.restriction_lift_asked",
        "Supervisor asked to agree to lifting a restriction",
    )
    RESTRICTION_LIFT_DECLINED = (
        "disclosures.restriction_lift_declined",
        "Supervisor declined to lift a restriction",
    )
    RESTRICTION_LIFT_WITHDRAWN = (
        "disclosures.restriction_lift_withdrawn",
        "Request to lift a restriction withdrawn",
    )
    RESTRICTION_LIFT_READ = (
        "disclosures.restriction_lift_read",
        "Request to lift a restriction read",
    )
