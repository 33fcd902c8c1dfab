"""The agreement's state machine, as one table: (state, action) -> next state, and who acts.

Services check it before they change an agreement; the contracting page asks it (through
the view) which buttons to offer; `tests/contracting/test_transitions.py` walks every cell.
"""

from __future__ import annotations

from typing import Any

from contracting.models import Agreement
from contracting.permissions import can_contract_with
from practice.transitions import StateMachine, Transition

PREPARED = Agreement.Status.PREPARED.value
SENT = Agreement.Status.SENT.value
ACKNOWLEDGED = Agreement.Status.ACKNOWLEDGED.value
REPLACED = Agreement.Status.REPLACED.value


class LinkHolder:
    """The person holding a valid signing link: the client, or a parent, with no account.

    The link service passes `LINK_HOLDER` as the actor only after it has checked the
    token, so holding this object is what proves who is acting."""

    def __repr__(self) -> str:
        return "link holder"


LINK_HOLDER = LinkHolder()


def _own_therapist(actor: Any, agreement: Agreement) -> bool:
    return actor is not LINK_HOLDER and can_contract_with(actor, agreement.case_file)


def _link_holder(actor: Any, agreement: Agreement) -> bool:
    return actor is LINK_HOLDER


def _own_therapist_while_consent_stands(actor: Any, agreement: Agreement) -> bool:
    """Only consent the agreement recorded, and not yet withdrawn, can be withdrawn."""
    return (
        _own_therapist(actor, agreement)
        and agreement.consent_to_records
        and agreement.consent_withdrawn_at is None
    )


AGREEMENT = StateMachine(
    "agreement",
    states=[PREPARED, SENT, ACKNOWLEDGED, REPLACED],
    transitions=[
        Transition(PREPARED, "send", SENT, "own_therapist"),
        Transition(SENT, "send", SENT, "own_therapist"),  # a new link replaces the old one
        Transition(PREPARED, "acknowledge_paper", ACKNOWLEDGED, "own_therapist"),
        Transition(SENT, "acknowledge_paper", ACKNOWLEDGED, "own_therapist"),
        Transition(SENT, "accept_link", ACKNOWLEDGED, "link_holder"),
        Transition(PREPARED, "replace", REPLACED, "own_therapist"),
        Transition(SENT, "replace", REPLACED, "own_therapist"),
        Transition(ACKNOWLEDGED, "withdraw_consent", ACKNOWLEDGED, "consent_stands"),
    ],
    parties={
        "own_therapist": _own_therapist,
        "link_holder": _link_holder,
        "consent_stands": _own_therapist_while_consent_stands,
    },
    refusals={
        "send": "This agreement was already acknowledged or replaced; there is nothing to send.",
        "acknowledge_paper": (
            "This agreement was already acknowledged or replaced by a newer one."
        ),
        "accept_link": "This agreement was already acknowledged or replaced by a newer one.",
        "replace": "Only documents not yet acknowledged are replaced by new ones.",
        "withdraw_consent": "Only an acknowledged agreement has a consent to withdraw.",
    },
)


def sources_of(action: str) -> list[str]:
    """The states an action may start from (for a bulk update such as `replace`)."""
    return [cell.state for cell in AGREEMENT.cells() if cell.action == action and cell.target]
