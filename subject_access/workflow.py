"""The subject access request's states and who may move it, as one table.

Services ask `SAR_MACHINE.check()` before changing a request, pages ask `actions_for()`
before offering a button, and tests walk `cells()`.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from practice.permissions import is_system
from practice.transitions import StateMachine, Transition
from subject_access import children, permissions
from subject_access.deadlines import FactKind
from subject_access.models import Status

S = Status


def _admin(actor, sar) -> bool:
    return permissions.may_manage_requests(actor)


def _reviewer(actor, sar) -> bool:
    return permissions.is_reviewer_of(actor, sar)


def compile_stalled(sar) -> bool:
    """A compile that stopped reporting progress (its worker died): it may be retried."""
    if sar.compile_failed:
        return True
    beat = sar.compile_heartbeat_at
    limit = timezone.timedelta(minutes=settings.SUBJECT_ACCESS_STALL_MINUTES)
    return beat is None or timezone.now() - beat > limit


def _admin_awaiting(kind):
    def party(actor, sar) -> bool:
        return _admin(actor, sar) and kind in sar.clock().awaiting

    return party


def _admin_unless_parent_blocked(actor, sar) -> bool:
    """Release is the admin's, unless it would go to a parent over a young person's right."""
    return (
        _admin(actor, sar)
        and children.release_refusal(sar) is None
        and not sar.refusal_proposed_by_id
    )


def _admin_proposal(pending: bool):
    def party(actor, sar) -> bool:
        return _admin(actor, sar) and bool(sar.refusal_proposed_by_id) == pending

    return party


def _second_admin(actor, sar) -> bool:
    """A refusal takes effect when an admin other than the one who proposed it approves."""
    proposer = sar.refusal_proposed_by_id
    return _admin(actor, sar) and proposer is not None and proposer != actor.pk


def _admin_for_young_person(actor, sar) -> bool:
    return _admin(actor, sar) and children.is_young_persons_request(sar)


def _admin_may_answer_young_person(actor, sar) -> bool:
    return _admin(actor, sar) and children.may_answer_young_person(sar)


def _admin_when_stalled(actor, sar) -> bool:
    return _admin(actor, sar) and compile_stalled(sar)


_BEFORE_RELEASE = (S.OPEN, S.AWAITING_CLARIFICATION, S.COMPILING, S.IN_REVIEW, S.REVIEWED)
_REFUSABLE = (
    S.AWAITING_IDENTITY,
    S.OPEN,
    S.AWAITING_CLARIFICATION,
    S.AWAITING_FEE,
    S.IN_REVIEW,
    S.REVIEWED,
)

TRANSITIONS = [
    # Identity and authority evidence may arrive in either order; once nothing is awaited the
    # service takes "start_clock" (the month runs from the latest arrival).
    Transition(
        S.AWAITING_IDENTITY, "verify_identity", S.AWAITING_IDENTITY, "admin_awaiting_identity"
    ),
    Transition(
        S.AWAITING_IDENTITY, "confirm_authority", S.AWAITING_IDENTITY, "admin_awaiting_authority"
    ),
    Transition(S.AWAITING_IDENTITY, "start_clock", S.OPEN, "admin"),
    Transition(S.OPEN, "request_clarification", S.AWAITING_CLARIFICATION, "admin"),
    # Manifestly unfounded or excessive: a reasonable fee instead of a refusal (Art. 12(5)).
    Transition(S.OPEN, "ask_fee", S.AWAITING_FEE, "admin"),
    Transition(S.AWAITING_FEE, "receive_fee", S.OPEN, "admin"),
    Transition(S.AWAITING_CLARIFICATION, "receive_clarification", S.OPEN, "admin"),
    *[Transition(state, "extend", state, "admin") for state in _BEFORE_RELEASE],
    *[
        Transition(state, "assign_reviewer", state, "admin")
        for state in (S.AWAITING_IDENTITY, *_BEFORE_RELEASE)
    ],
    *[Transition(state, "record_health_basis", state, "admin") for state in _BEFORE_RELEASE],
    Transition(S.OPEN, "compile", S.COMPILING, "admin"),
    Transition(S.COMPILING, "retry_compile", S.COMPILING, "admin_when_stalled"),
    Transition(S.COMPILING, "finish_compile", S.IN_REVIEW, "system"),
    Transition(S.IN_REVIEW, "recompile", S.COMPILING, "admin"),
    Transition(S.IN_REVIEW, "redact", S.IN_REVIEW, "reviewer"),
    Transition(S.IN_REVIEW, "complete_review", S.REVIEWED, "reviewer"),
    Transition(S.REVIEWED, "reopen_review", S.IN_REVIEW, "reviewer"),
    Transition(S.REVIEWED, "release", S.RELEASED, "admin_unless_parent_blocked"),
    *[
        Transition(state, action, state, party)
        for state in (S.AWAITING_IDENTITY, *_BEFORE_RELEASE)
        for action, party in (
            ("record_young_person_view", "admin_for_young_person"),
            ("answer_young_person", "admin_may_answer_young_person"),
        )
    ],
    *[
        transition
        for state in _REFUSABLE
        for transition in (
            Transition(state, "propose_refusal", state, "admin_without_proposal"),
            Transition(state, "withdraw_refusal", state, "admin_with_proposal"),
            Transition(state, "refuse", S.REFUSED, "second_admin"),
            # A one-admin practice: its data-protection contact approves on the server.
            Transition(state, "refuse_from_server", S.REFUSED, "server_with_proposal"),
        )
    ],
    # Letters: the acknowledgement and the request for evidence are issued by hand while the
    # request is open; every kept letter can be read again for as long as the request is kept.
    *[
        Transition(state, "issue_letter", state, "admin")
        for state in (S.AWAITING_IDENTITY, *_BEFORE_RELEASE)
    ],
    *[Transition(state, "read_letter", state, "admin") for state in Status.values],
]

SAR_MACHINE = StateMachine(
    "subject access request",
    states=Status.values,
    transitions=TRANSITIONS,
    parties={
        "admin": _admin,
        "reviewer": _reviewer,
        "admin_when_stalled": _admin_when_stalled,
        "admin_unless_parent_blocked": _admin_unless_parent_blocked,
        "admin_for_young_person": _admin_for_young_person,
        "admin_may_answer_young_person": _admin_may_answer_young_person,
        "admin_without_proposal": _admin_proposal(pending=False),
        "admin_with_proposal": _admin_proposal(pending=True),
        "second_admin": _second_admin,
        "server_with_proposal": lambda actor, sar: (
            is_system(actor) and bool(sar.refusal_proposed_by_id)
        ),
        "admin_awaiting_identity": _admin_awaiting(FactKind.IDENTITY),
        "admin_awaiting_authority": _admin_awaiting(FactKind.AUTHORITY),
        "system": lambda actor, sar: is_system(actor),
    },
    refusals={
        "verify_identity": "The requester's identity has already been checked.",
        "confirm_authority": "The authority to act has already been confirmed.",
        "start_clock": "The clock has already started.",
        "record_young_person_view": "The young person's view can be recorded only before the "
        "answer is released or refused.",
        "answer_young_person": "This request is already closed.",
        "compile": "A compile can start only once the identity is checked and while the "
        "request is open; one may already be running.",
        "retry_compile": "There is no stopped compile to retry.",
        "extend": "A request that is closed cannot be extended.",
        "record_health_basis": "The basis for releasing health data can be recorded only "
        "before the answer is released or refused.",
        "redact": "Passages can be withheld only while the draft is with the reviewer.",
        "complete_review": "The draft is not waiting for review.",
        "release": "Only a compiled and reviewed draft can be released, and not while a "
        "refusal is waiting for approval.",
        "propose_refusal": "A refusal can be proposed only while the request is open, and "
        "only one at a time.",
        "withdraw_refusal": "No refusal is waiting for approval.",
        "refuse_from_server": "No refusal is waiting for approval on an open request.",
        "refuse": "A refusal takes effect only when an admin approves one proposed by a "
        "colleague, while the request is open.",
        "issue_letter": "Letters can be issued by hand only while the request is open.",
        "ask_fee": "A fee can be asked for only while the request is open and before "
        "compiling, and only once.",
        "receive_fee": "No fee was asked for.",
        "read_letter": "Only an admin can open the letters kept with a request.",
        "receive_clarification": "No clarification was asked for.",
        "request_clarification": "A clarification can be asked for only while the request is "
        "open and before compiling.",
    },
)
