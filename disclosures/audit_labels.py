"""Audit action names for disclosures, and their plain-English labels (registered at start-up)."""


class Action:
    STARTED = "disclosures.started"
    STEP_SAVED = "disclosures.step_saved"
    PASSAGE_QUOTED = "disclosures.passage_quoted"
    PASSAGE_REMOVED = "disclosures.passage_removed"
    VIEWED = "disclosures.viewed"
    SUBMITTED = "disclosures.submitted"
    IDENTIFIERS_WARNED = "disclosures.identifiers_warned"
    WITHDRAWN = "disclosures.withdrawn"
    APPROVED = "disclosures.approved"
    DECLINED = "disclosures.declined"
    CHANGES_REQUESTED = "disclosures.changes_requested"
    DISCLOSED = "disclosures.disclosed"
    EMERGENCY_DISCLOSED = "disclosures.emergency_disclosed"
    REVIEWED = "disclosures.reviewed"
    CLOSED = "disclosures.closed"
    REPORT_MADE = "disclosures.report_made"
    REPORT_READ = "disclosures.report_read"
    DECISION_RECORD_PRINTED = "disclosures.decision_record_printed"
    RECORD_VIEWED = "disclosures.record_viewed"
    RESTRICTION_KEPT = "disclosures.restriction_kept"
    RESTRICTION_LIFTED = "disclosures.restriction_lifted"
    RESTRICTION_LIFT_ASKED = "disclosures.restriction_lift_asked"
    RESTRICTION_LIFT_DECLINED = "disclosures.restriction_lift_declined"
    RESTRICTION_LIFT_WITHDRAWN = "disclosures.restriction_lift_withdrawn"
    RESTRICTION_LIFT_READ = "disclosures.restriction_lift_read"


LABELS = {
    Action.STARTED: "Disclosure request started",
    Action.STEP_SAVED: "Disclosure request step saved",
    Action.PASSAGE_QUOTED: "Passage of a note quoted in a disclosure request",
    Action.PASSAGE_REMOVED: "Quoted passage removed from a disclosure request",
    Action.VIEWED: "Disclosure request read",
    Action.SUBMITTED: "Disclosure request sent for review",
    Action.IDENTIFIERS_WARNED: "Warned before sending that a request names the client",
    Action.WITHDRAWN: "Disclosure request withdrawn",
    Action.APPROVED: "Disclosure request approved",
    Action.DECLINED: "Disclosure request declined",
    Action.CHANGES_REQUESTED: "Changes asked for on a disclosure request",
    Action.DISCLOSED: "Disclosure made and recorded",
    Action.EMERGENCY_DISCLOSED: "Emergency disclosure made and recorded",
    Action.REVIEWED: "Emergency disclosure reviewed afterwards",
    Action.CLOSED: "Disclosure request closed",
    Action.REPORT_MADE: "Report for the client's request made",
    Action.REPORT_READ: "Report for the client's request downloaded",
    Action.DECISION_RECORD_PRINTED: "Decision record printed",
    Action.RECORD_VIEWED: "Record of disclosures read",
    Action.RESTRICTION_KEPT: "Restricted disclosure reviewed and kept from the client",
    Action.RESTRICTION_LIFTED: "Restriction lifted with the supervisor's agreement",
    Action.RESTRICTION_LIFT_ASKED: "Supervisor asked to agree to lifting a restriction",
    Action.RESTRICTION_LIFT_DECLINED: "Supervisor declined to lift a restriction",
    Action.RESTRICTION_LIFT_WITHDRAWN: "Request to lift a restriction withdrawn",
    Action.RESTRICTION_LIFT_READ: "Request to lift a restriction read",
}


def action_names() -> list[str]:
    return [value for name, value in vars(Action).items() if name.isupper()]


def register() -> None:
    """Add these labels to the core's table, so the audit pages read in words."""
    from practice import audit_labels

    audit_labels.register_labels(LABELS)
