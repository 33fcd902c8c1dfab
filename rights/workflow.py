"""A complaint's states and who may move it, as one table (`practice.transitions`).

received -> acknowledged -> investigating -> closed. Services ask `COMPLAINT_MACHINE.check()`
(through `advance`), pages ask `actions_for()`, tests walk `cells()`.
"""

from __future__ import annotations

from practice.transitions import StateMachine, Transition
from rights import children, permissions
from rights.models import Status

S = Status
OPEN = (S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING)


def _admin(actor, complaint) -> bool:
    return permissions.may_handle_complaints(actor)


def _admin_unless_young_person_blocks(actor, complaint) -> bool:
    return _admin(actor, complaint) and children.outcome_refusal(complaint) is None


TRANSITIONS = [
    *[Transition(state, "assign", state, "admin") for state in OPEN],
    *[Transition(state, "link_client", state, "admin") for state in OPEN],
    Transition(S.RECEIVED, "acknowledge", S.ACKNOWLEDGED, "admin"),
    # A note before the acknowledgement leaves it to acknowledge; after, it is investigating.
    Transition(S.RECEIVED, "add_note", S.RECEIVED, "admin"),
    Transition(S.ACKNOWLEDGED, "add_note", S.INVESTIGATING, "admin"),
    Transition(S.INVESTIGATING, "add_note", S.INVESTIGATING, "admin"),
    Transition(S.ACKNOWLEDGED, "close", S.CLOSED, "admin_unless_young_person_blocks"),
    Transition(S.INVESTIGATING, "close", S.CLOSED, "admin_unless_young_person_blocks"),
]

COMPLAINT_MACHINE = StateMachine(
    "complaint",
    states=Status.values,
    transitions=TRANSITIONS,
    parties={
        "admin": _admin,
        "admin_unless_young_person_blocks": _admin_unless_young_person_blocks,
    },
    refusals={
        "assign": "A closed complaint cannot be assigned.",
        "link_client": "A closed complaint cannot be linked to a case file.",
        "acknowledge": "This complaint has already been acknowledged.",
        "add_note": "A closed complaint takes no more notes.",
        "close": "A complaint is closed only once it has been acknowledged, and only once.",
    },
)
