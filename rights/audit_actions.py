"""The audit actions of the data-protection desk, with their plain-English labels.

Events hold references only (the complaint's reference, a case file's record_ref), never
the complainant's name, contact or words."""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    COMPLAINT_RECEIVED = "complaint.received", "Complaint received through the public form"
    COMPLAINT_LOGGED = "complaint.logged", "Complaint logged by the practice"
    COMPLAINT_ASSIGNED = "complaint.assigned", "Complaint assigned"
    COMPLAINT_LINKED = "complaint.linked", "Complaint linked to a client's case file"
    COMPLAINT_ACKNOWLEDGED = "complaint.acknowledged", "Complaint acknowledged (letter issued)"
    COMPLAINT_NOTE_ADDED = "complaint.note_added", "Complaint: investigation note or update added"
    COMPLAINT_CLOSED = "complaint.closed", "Complaint closed (outcome letter issued)"
    COMPLAINT_LETTER_DOWNLOADED = (
        "complaint.letter_downloaded",
        "Complaint: a letter downloaded",
    )
    COMPLAINT_READ = "complaint.read", "Complaint: its page opened"
    COMPLAINT_LETTER_EMAILED = "complaint.letter_emailed", "Complaint: a letter e-mailed"
    COMPLAINT_LETTER_NOT_EMAILED = (
        "complaint.letter_not_emailed",
        "Complaint: a letter could not be e-mailed",
    )
    EVIDENCE_PACK_BUILT = (
        "rights.evidence_pack_built",
        "Data-protection evidence pack built (its SHA-256 recorded)",
    )
    BREACH_RECORDED = "breach.recorded", "Personal-data breach recorded"
    BREACH_RECORD_ADDED = "breach.record_added", "Breach: a case file it touched added"
    BREACH_ASSESSED = "breach.assessed", "Breach: risk assessed and decision on notifying made"
    BREACH_ICO_NOTIFIED = "breach.ico_notified", "Breach: reported to the ICO"
    BREACH_NOT_NOTIFIED = "breach.not_notified", "Breach: decided not to report, reasons kept"
    BREACH_PEOPLE_NOTIFIED = "breach.people_notified", "Breach: the people affected told"
    BREACH_REMEDIATION = "breach.remediation", "Breach: what was done recorded"
    BREACH_CLOSED = "breach.closed", "Breach closed"
    BREACH_READ = "breach.read", "Breach: its page opened"
    RECTIFICATION_LOGGED = "rights.rectification_logged", "Rectification request logged (Art. 16)"
    RECTIFICATION_ACKNOWLEDGED = (
        "rights.rectification_acknowledged",
        "Rectification request acknowledged (letter issued)",
    )
    RECTIFICATION_EXTENDED = (
        "rights.rectification_extended",
        "Rectification request: time extended (letter issued)",
    )
    RECTIFICATION_RESPONDED = (
        "rights.rectification_responded",
        "Rectification request: the therapist responded on a note",
    )
    RECTIFICATION_CLOSED = (
        "rights.rectification_closed",
        "Rectification request closed (outcome letter issued)",
    )
    RECTIFICATION_READ = "rights.rectification_read", "Rectification request: its page opened"
    RECTIFICATION_LETTER_DOWNLOADED = (
        "rights.rectification_letter_downloaded",
        "Rectification request: a letter downloaded",
    )
    OBJECTION_LOGGED = "rights.objection_logged", "Objection to processing logged (Art. 21)"
    OBJECTION_ACKNOWLEDGED = (
        "rights.objection_acknowledged",
        "Objection acknowledged (letter issued)",
    )
    OBJECTION_EXTENDED = "rights.objection_extended", "Objection: time extended (letter issued)"
    OBJECTION_DECIDED = "rights.objection_decided", "Objection decided (outcome letter issued)"
    OBJECTION_READ = "rights.objection_read", "Objection: its page opened"
    OBJECTION_LETTER_DOWNLOADED = (
        "rights.objection_letter_downloaded",
        "Objection: a letter downloaded",
    )
    ERASURE_LOGGED = "rights.erasure_logged", "Erasure request logged (Art. 17)"
    ERASURE_ACKNOWLEDGED = (
        "rights.erasure_acknowledged",
        "Erasure request acknowledged (letter issued)",
    )
    ERASURE_EXTENDED = "rights.erasure_extended", "Erasure request: time extended (letter issued)"
    ERASURE_DECIDED = "rights.erasure_decided", "Erasure request decided (outcome letter issued)"
    ERASURE_CARRIED_OUT = (
        "rights.erasure_carried_out",
        "Erasure carried out: the record disposed of, the request's words emptied",
    )
    ERASURE_LETTER_DOWNLOADED = (
        "rights.erasure_letter_downloaded",
        "Erasure request: a letter downloaded",
    )
    RESTRICTION_LOGGED = "rights.restriction_logged", "Restriction request logged (Art. 18)"
    RESTRICTION_ACKNOWLEDGED = (
        "rights.restriction_acknowledged",
        "Restriction request acknowledged (letter issued)",
    )
    RESTRICTION_EXTENDED = (
        "rights.restriction_extended",
        "Restriction request: time extended (letter issued)",
    )
    RESTRICTION_APPLIED = (
        "rights.restriction_applied",
        "Processing restricted: the case file is read-only (letter issued)",
    )
    RESTRICTION_NOTICE_MADE = (
        "rights.restriction_notice_made",
        "Restriction: the notice before lifting made (Art. 18(3))",
    )
    RESTRICTION_LIFTED = "rights.restriction_lifted", "Restriction lifted, after the notice"
    RESTRICTION_LETTER_DOWNLOADED = (
        "rights.restriction_letter_downloaded",
        "Restriction request: a letter downloaded",
    )
