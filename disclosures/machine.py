"""The disclosure request's states and steps, as one table (see practice/transitions.py).

draft → submitted → changes requested → submitted → approved or declined → disclosed →
closed; withdrawn before a decision; an approved client's report that is changed goes back
for review (submitted), so the supervisor approves the words sent; the emergency path goes
from any undecided state straight to a disclosure that a supervisor reviews afterwards.
"""

from __future__ import annotations

from disclosures.models import Status
from disclosures.permissions import is_requester, is_reviewer
from practice.transitions import StateMachine, Transition

REQUESTER = "requester"
REVIEWER = "reviewer"

EDIT = "edit"
SUBMIT = "submit"
WITHDRAW = "withdraw"
APPROVE = "approve"
DECLINE = "decline"
REQUEST_CHANGES = "request_changes"
DISCLOSE = "disclose"
DISCLOSE_EMERGENCY = "disclose_emergency"
REVIEW = "review"
CLOSE = "close"
MAKE_REPORT = "make_report"
AMEND_REPORT = "amend_report"

S = Status
UNDECIDED = (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED)

_ROWS = [
    Transition(S.DRAFT, EDIT, S.DRAFT, REQUESTER),
    Transition(S.CHANGES_REQUESTED, EDIT, S.CHANGES_REQUESTED, REQUESTER),
    Transition(S.DRAFT, SUBMIT, S.SUBMITTED, REQUESTER),
    Transition(S.CHANGES_REQUESTED, SUBMIT, S.SUBMITTED, REQUESTER),
    *(Transition(state, WITHDRAW, S.WITHDRAWN, REQUESTER) for state in UNDECIDED),
    Transition(S.SUBMITTED, APPROVE, S.APPROVED, REVIEWER),
    Transition(S.SUBMITTED, DECLINE, S.DECLINED, REVIEWER),
    Transition(S.SUBMITTED, REQUEST_CHANGES, S.CHANGES_REQUESTED, REVIEWER),
    Transition(S.APPROVED, MAKE_REPORT, S.APPROVED, REQUESTER),
    Transition(S.APPROVED, AMEND_REPORT, S.SUBMITTED, REQUESTER),
    Transition(S.APPROVED, DISCLOSE, S.DISCLOSED, REQUESTER),
    *(Transition(state, DISCLOSE_EMERGENCY, S.EMERGENCY_REVIEW, REQUESTER) for state in UNDECIDED),
    Transition(S.EMERGENCY_REVIEW, REVIEW, S.DISCLOSED, REVIEWER),
    Transition(S.DISCLOSED, CLOSE, S.CLOSED, REQUESTER),
    Transition(S.DECLINED, CLOSE, S.CLOSED, REQUESTER),
]

REFUSALS = {
    EDIT: "This request can no longer be changed: it has been submitted or decided.",
    SUBMIT: "Only a draft, or a request sent back for changes, can be submitted.",
    WITHDRAW: "A request can be withdrawn only before a decision is made.",
    APPROVE: "Only a request waiting for review can be approved.",
    DECLINE: "Only a request waiting for review can be declined.",
    REQUEST_CHANGES: "Changes can be asked for only while a request waits for review.",
    MAKE_REPORT: "The report can be made once the request is approved, and before it is sent.",
    AMEND_REPORT: "An approved report can be changed only before the disclosure is recorded.",
    DISCLOSE: "Only an approved request can be disclosed. Submit it for review first, or use "
    "the emergency path if there is an immediate risk.",
    DISCLOSE_EMERGENCY: "The emergency path is for a request not yet decided.",
    REVIEW: "Only an emergency disclosure waiting for its review can be reviewed.",
    CLOSE: "Only a disclosed or declined request can be closed.",
}

MACHINE = StateMachine(
    "disclosure request",
    states=[choice.value for choice in Status],
    transitions=_ROWS,
    parties={REQUESTER: is_requester, REVIEWER: is_reviewer},
    refusals=REFUSALS,
)

DECISIONS = (APPROVE, DECLINE, REQUEST_CHANGES, REVIEW)
