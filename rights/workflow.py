"""A complaint's states and who may move it, as one table (`practice.transitions`).

received -> acknowledged -> investigating -> closed. Services ask `COMPLAINT_MACHINE.check()`
(through `advance`), pages ask `actions_for()`, tests walk `cells()`.
"""

from __future__ import annotations

from practice.transitions import StateMachine, Transition
from records.models import CaseFile
from rights import children, permissions
from rights.models import (
    ErasureStatus,
    ObjectionStatus,
    RectificationStatus,
    RestrictionStatus,
    Status,
)

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


# -- Rectification (UK GDPR Art. 16) --------------------------------------------------------
# received -> responded (the therapist, on their client's note) -> closed (the outcome
# letter). The acknowledgement and the extension are told while it is open, once each.

R = RectificationStatus


def _case_files_therapist(actor, rectification) -> bool:
    return (
        actor is not None
        and actor.is_authenticated
        and CaseFile.objects.filter(record_ref=rectification.record_ref, therapist=actor).exists()
    )


RECTIFICATION_MACHINE = StateMachine(
    "rectification",
    states=RectificationStatus.values,
    transitions=[
        *[Transition(state, "acknowledge", state, "admin") for state in (R.RECEIVED, R.RESPONDED)],
        *[Transition(state, "extend", state, "admin") for state in (R.RECEIVED, R.RESPONDED)],
        Transition(R.RECEIVED, "respond", R.RESPONDED, "therapist"),
        Transition(R.RESPONDED, "close", R.CLOSED, "admin"),
    ],
    parties={"admin": _admin, "therapist": _case_files_therapist},
    refusals={
        "acknowledge": "A closed request is not acknowledged.",
        "extend": "A closed request cannot be extended.",
        "respond": "The therapist has already responded to this request.",
        "close": "The outcome is sent once the therapist has responded, and only once.",
    },
)


# -- Objection (UK GDPR Art. 21) ------------------------------------------------------------
# received -> decided (upheld or refused, with the outcome letter), by the admin; the
# acknowledgement and the extension are told while it is open, once each.

OBJECTION_MACHINE = StateMachine(
    "objection",
    states=ObjectionStatus.values,
    transitions=[
        Transition(ObjectionStatus.RECEIVED, "acknowledge", ObjectionStatus.RECEIVED, "admin"),
        Transition(ObjectionStatus.RECEIVED, "extend", ObjectionStatus.RECEIVED, "admin"),
        Transition(ObjectionStatus.RECEIVED, "decide", ObjectionStatus.DECIDED, "admin"),
    ],
    parties={"admin": _admin},
    refusals={
        "acknowledge": "A decided objection is not acknowledged.",
        "extend": "A decided objection cannot be extended.",
        "decide": "This objection has already been decided.",
    },
)


# -- Erasure (UK GDPR Art. 17) --------------------------------------------------------------
# received -> refused (with its ground) | granted -> erased (carried out through disposal),
# by the admin; the acknowledgement and the extension are told while it is open, once each.

E = ErasureStatus

ERASURE_MACHINE = StateMachine(
    "erasure",
    states=ErasureStatus.values,
    transitions=[
        Transition(E.RECEIVED, "acknowledge", E.RECEIVED, "admin"),
        Transition(E.RECEIVED, "extend", E.RECEIVED, "admin"),
        Transition(E.RECEIVED, "refuse", E.REFUSED, "admin"),
        Transition(E.RECEIVED, "grant", E.GRANTED, "admin"),
        Transition(E.GRANTED, "carry_out", E.ERASED, "admin"),
    ],
    parties={"admin": _admin},
    refusals={
        "acknowledge": "A decided erasure request is not acknowledged.",
        "extend": "A decided erasure request cannot be extended.",
        "refuse": "This erasure request has already been decided.",
        "grant": "This erasure request has already been decided.",
        "carry_out": "Only a granted erasure is carried out, and only once.",
    },
)


# -- Restriction (UK GDPR Art. 18) ----------------------------------------------------------
# received -> applied (the case file read-only, with the letter saying so) -> lifted, only
# once the notice to the client has been made (Art. 18(3)); the acknowledgement and the
# extension are told while it is received, once each.

RS = RestrictionStatus

RESTRICTION_MACHINE = StateMachine(
    "restriction",
    states=RestrictionStatus.values,
    transitions=[
        Transition(RS.RECEIVED, "acknowledge", RS.RECEIVED, "admin"),
        Transition(RS.RECEIVED, "extend", RS.RECEIVED, "admin"),
        Transition(RS.RECEIVED, "apply", RS.APPLIED, "admin"),
        Transition(RS.APPLIED, "notify", RS.APPLIED, "admin"),
        Transition(RS.APPLIED, "lift", RS.LIFTED, "admin"),
    ],
    parties={"admin": _admin},
    refusals={
        "acknowledge": "Only a request not yet applied is acknowledged.",
        "extend": "Only a request not yet applied can be extended.",
        "apply": "This restriction has already been applied.",
        "notify": "The notice is made while the restriction is in force.",
        "lift": "Only a restriction in force can be lifted.",
    },
)
