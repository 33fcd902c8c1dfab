"""The audit actions of the professional will, with their plain-English labels.

Events hold references only (a nomination's or activation's reference, a case file's
record_ref), never a client's name, a contact detail or the words of an explanation."""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    NOMINATED = "will.nominated", "Professional will: executor named"
    INVITATION_SENT = (
        "will.invitation_sent",
        "Professional will: invitation to make an account sent",
    )
    INVITATION_ACCEPTED = (
        "will.invitation_accepted",
        "Professional will: invited executor made their account",
    )
    COUNTERSIGNED = "will.countersigned", "Professional will: naming countersigned"
    WITHDRAWN = "will.withdrawn", "Professional will: naming withdrawn"
    ACTIVATION_ASKED = "will.activation_asked", "Professional will: activation asked"
    ACTIVATION_APPROVED = "will.activation_approved", "Professional will: activation approved"
    ACTIVATION_CANCELLED = "will.activation_cancelled", "Professional will: activation cancelled"
    ACCESS_ENDED = "will.access_ended", "Professional will: access ended by an admin"
    RECORDS_KEPT = (
        "will.records_kept",
        "Professional will: records stay under the retention policy until disposal",
    )
    REFUSED = "will.refused", "Professional will: an action refused"
    CLIENTS_LISTED = "will.clients_listed", "Professional will: executor read the client list"
    CLIENT_VIEWED = "will.client_viewed", "Professional will: executor read a client's contact page"
    STEP_RECORDED = "will.step_recorded", "Professional will: checklist step recorded"
    LETTER_PREVIEWED = "will.letter_previewed", "Professional will: letter previewed"
    LETTER_ISSUED = "will.letter_issued", "Professional will: letter issued (PDF)"
    LETTER_EMAILED = "will.letter_emailed", "Professional will: letter sent by e-mail"


# The executor's reads: listed on the admin's and the therapist's pages.
READS = (
    Action.CLIENTS_LISTED,
    Action.CLIENT_VIEWED,
    Action.LETTER_PREVIEWED,
    Action.LETTER_ISSUED,
    Action.LETTER_EMAILED,
)
