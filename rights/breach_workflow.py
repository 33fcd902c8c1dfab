"""A breach's states and who may move it, as one table (`practice.transitions`).

recorded -> assessed -> reported to the ICO, or decided not to report -> closed. The
assessment (with its decision) may be revised until the decision is acted on; what was done
(remediation) is recorded at any open stage. Services ask `BREACH_MACHINE` (through
`advance`), pages ask `actions_for()`, tests walk `cells()`.
"""

from __future__ import annotations

from practice.transitions import StateMachine, Transition
from rights import permissions
from rights.models import Breach, BreachStatus

S = BreachStatus
OPEN = (S.RECORDED, S.ASSESSED, S.NOTIFIED, S.NOT_NOTIFIED)


def _admin(actor, breach) -> bool:
    return permissions.may_handle_breaches(actor)


def _admin_if_reporting(actor, breach) -> bool:
    return _admin(actor, breach) and breach.notify_ico is True


def _admin_if_not_reporting(actor, breach) -> bool:
    return _admin(actor, breach) and breach.notify_ico is False


def _admin_if_telling_people(actor, breach) -> bool:
    return _admin(actor, breach) and breach.notify_people is True


def _admin_once_done(actor, breach) -> bool:
    """Closed only once what was done is written, and the people told if so decided."""
    told = breach.notify_people is not True or breach.people_notified_on is not None
    return _admin(actor, breach) and bool(breach.remediation) and told


TRANSITIONS = [
    *[Transition(state, "add_records", state, "admin") for state in OPEN],
    *[Transition(state, "remediate", state, "admin") for state in OPEN],
    Transition(S.RECORDED, "assess", S.ASSESSED, "admin"),
    Transition(S.ASSESSED, "assess", S.ASSESSED, "admin"),
    Transition(S.ASSESSED, "notify_ico", S.NOTIFIED, "admin_if_reporting"),
    Transition(S.ASSESSED, "not_notify", S.NOT_NOTIFIED, "admin_if_not_reporting"),
    Transition(S.NOTIFIED, "notify_people", S.NOTIFIED, "admin_if_telling_people"),
    Transition(S.NOTIFIED, "close", S.CLOSED, "admin_once_done"),
    Transition(S.NOT_NOTIFIED, "close", S.CLOSED, "admin_once_done"),
]

BREACH_MACHINE = StateMachine(
    "breach",
    states=BreachStatus.values,
    transitions=TRANSITIONS,
    parties={
        "admin": _admin,
        "admin_if_reporting": _admin_if_reporting,
        "admin_if_not_reporting": _admin_if_not_reporting,
        "admin_if_telling_people": _admin_if_telling_people,
        "admin_once_done": _admin_once_done,
    },
    refusals={
        "add_records": "A closed breach takes no more case files.",
        "remediate": "A closed breach takes no more changes.",
        "assess": "The assessment can be changed only until the decision is acted on.",
        "notify_ico": "Record the ICO report once the breach is assessed, and only once.",
        "not_notify": "Confirm a decision not to report once the breach is assessed.",
        "notify_people": "Record telling the people affected once the ICO has been told.",
        "close": "A breach is closed once it is reported, or decided not to report, and only once.",
    },
)


def close_refusal(breach: Breach) -> str | None:
    """Why an open breach cannot be closed yet, in words; None when it can."""
    if breach.status not in (BreachStatus.NOTIFIED, BreachStatus.NOT_NOTIFIED):
        return None
    if not breach.remediation:
        return "Record what was done before closing the breach."
    if breach.notify_people and breach.people_notified_on is None:
        return "Record telling the people affected before closing the breach."
    return None
