"""Every write at the data-protection desk, one function per action: complaints
(`complaints`), their letters (`complaint_letters`), the breach register (`breaches`) and
the rights requests (`rectification`, `objection`, `restriction`).
Each runs in one durable transaction, asks the state table, and audits references only in
the same transaction."""

from rights.services.breaches import (
    breach_assess,
    breach_close,
    breach_ico_notify,
    breach_not_notify,
    breach_people_notify,
    breach_record,
    breach_records_add,
    breach_remediate,
)
from rights.services.complaint_letters import complaint_acknowledge, complaint_close, letter_read
from rights.services.complaints import (
    complaint_assign,
    complaint_link_client,
    complaint_log,
    complaint_note_add,
    complaint_submit,
)
from rights.services.erasure import (
    erasure_acknowledge,
    erasure_carry_out,
    erasure_decide,
    erasure_extend,
    erasure_letter_read,
    erasure_log,
)
from rights.services.objection import (
    objection_acknowledge,
    objection_decide,
    objection_extend,
    objection_letter_read,
    objection_log,
)
from rights.services.rectification import (
    rectification_acknowledge,
    rectification_close,
    rectification_extend,
    rectification_letter_read,
    rectification_log,
    rectification_respond,
)
from rights.services.restriction import (
    restriction_acknowledge,
    restriction_apply,
    restriction_extend,
    restriction_letter_read,
    restriction_lift,
    restriction_log,
    restriction_notify,
)

__all__ = [
    "breach_assess",
    "breach_close",
    "breach_ico_notify",
    "breach_not_notify",
    "breach_people_notify",
    "breach_record",
    "breach_records_add",
    "breach_remediate",
    "complaint_acknowledge",
    "complaint_assign",
    "complaint_close",
    "complaint_link_client",
    "complaint_log",
    "complaint_note_add",
    "complaint_submit",
    "erasure_acknowledge",
    "erasure_carry_out",
    "erasure_decide",
    "erasure_extend",
    "erasure_letter_read",
    "erasure_log",
    "letter_read",
    "objection_acknowledge",
    "objection_decide",
    "objection_extend",
    "objection_letter_read",
    "objection_log",
    "rectification_acknowledge",
    "rectification_close",
    "rectification_extend",
    "rectification_letter_read",
    "rectification_log",
    "rectification_respond",
    "restriction_acknowledge",
    "restriction_apply",
    "restriction_extend",
    "restriction_letter_read",
    "restriction_lift",
    "restriction_log",
    "restriction_notify",
]
