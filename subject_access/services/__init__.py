"""Every write to a subject access request before compiling, one function per action, one
module per idea: logging (`requests`), refusing by two people (`refusal`), the
letters kept (`letters`), the clock (`clock`), a young person's
request made by a parent (`young_person`). Each locks the row, asks the state table, and
audits in the same transaction."""

from subject_access.services.clock import (
    sar_ask_fee,
    sar_confirm_authority,
    sar_extend,
    sar_receive_clarification,
    sar_receive_fee,
    sar_request_clarification,
    sar_verify_identity,
)
from subject_access.services.common import clock_event, event
from subject_access.services.letters import sar_letter_issue, sar_letter_pdf
from subject_access.services.refusal import (
    sar_approve_refusal,
    sar_approve_refusal_from_server,
    sar_propose_refusal,
    sar_withdraw_refusal,
)
from subject_access.services.requests import sar_assign_reviewer, sar_log
from subject_access.services.young_person import (
    sar_answer_young_person,
    sar_record_young_person_view,
)

__all__ = [
    "clock_event",
    "event",
    "sar_answer_young_person",
    "sar_ask_fee",
    "sar_assign_reviewer",
    "sar_confirm_authority",
    "sar_extend",
    "sar_log",
    "sar_receive_clarification",
    "sar_receive_fee",
    "sar_record_young_person_view",
    "sar_approve_refusal",
    "sar_approve_refusal_from_server",
    "sar_letter_issue",
    "sar_letter_pdf",
    "sar_propose_refusal",
    "sar_withdraw_refusal",
    "sar_request_clarification",
    "sar_verify_identity",
]
