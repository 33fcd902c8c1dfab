"""Lifting a restriction, as one table: asked → agreed or declined by the supervisor, or
withdrawn by the client's therapist (see practice/transitions.py).

Only the client's own therapist asks; only a current supervisor of that therapist, never
the therapist, agrees or declines. The restriction is lifted by the agreement, never by the
review date passing.
"""

from __future__ import annotations

from disclosures.models import LiftStatus
from practice.models import User
from practice.permissions import supervises
from practice.transitions import StateMachine, Transition
from records.permissions import is_own_case_file

THERAPIST = "therapist"
SUPERVISOR = "supervisor"

AGREE = "agree"
DECLINE = "decline"
WITHDRAW = "withdraw"

L = LiftStatus

_ROWS = [
    Transition(L.ASKED, AGREE, L.AGREED, SUPERVISOR),
    Transition(L.ASKED, DECLINE, L.DECLINED, SUPERVISOR),
    Transition(L.ASKED, WITHDRAW, L.WITHDRAWN, THERAPIST),
]

REFUSALS = {
    AGREE: "Only a request to lift that is waiting for you can be agreed.",
    DECLINE: "Only a request to lift that is waiting for you can be declined.",
    WITHDRAW: "Only a request to lift that is still waiting can be withdrawn.",
}


def may_ask_lift(user: User, record) -> bool:
    """The client's own therapist, and nobody else, asks for a restriction to be lifted."""
    return is_own_case_file(user, record.case_file)


def is_clients_therapist(user: User, lift) -> bool:
    """The client's own therapist today: the one who asked, or, after the caseload moved,
    the one who took it over (so a waiting request never outlives its therapist)."""
    return is_own_case_file(user, lift.disclosure.case_file)


def is_lift_supervisor(user: User, lift) -> bool:
    """A current supervisor of the therapist who asked, while that therapist still keeps
    the client; never that therapist."""
    return (
        user.pk != lift.asked_by_id
        and lift.disclosure.case_file.therapist_id == lift.asked_by_id
        and supervises(user, lift.asked_by_id)
    )


MACHINE = StateMachine(
    "restriction lift",
    states=[choice.value for choice in LiftStatus],
    transitions=_ROWS,
    parties={THERAPIST: is_clients_therapist, SUPERVISOR: is_lift_supervisor},
    refusals=REFUSALS,
)

DECISIONS = (AGREE, DECLINE)
