"""The one door for an executor: an activation that is open, and a client inside it.

An activation the asker is not the executor of is the same 404 as one that does not exist;
one that is theirs but not open (asked, waiting for the cancel window, expired, ended,
cancelled) is refused with the reason. Every refusal is recorded once, here; every read the
executor makes is recorded by the view's caller through `read_recorded`, in the same
transaction as the page's read. The executor never reaches a case file's notes: nothing
here returns one, and the records door (`records.access`) refuses the executor role.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404

from clients.models import Client
from practice import audit
from wills import permissions, selectors
from wills.audit_actions import Action
from wills.models import Activation


class WillNotFound(Http404):
    """No such activation or client, or not one this executor may reach."""


class WillClosed(Exception):
    """The executor's own activation, but access is not open now; the message says why."""


_CLOSED = {
    Activation.State.ASKED: "This activation waits for a second person to approve it.",
    Activation.State.WAITING: (
        "This activation is approved, but access begins only when the therapist's time to "
        "cancel has passed."
    ),
    Activation.State.EXPIRED: "Access under this activation has ended: its time ran out.",
    Activation.State.ENDED: "Access under this activation was ended by an admin.",
    Activation.State.CANCELLED: "This activation was cancelled.",
}


@dataclass
class WillClient:
    activation: Activation
    client: Client


def _refused(actor, target_ref: str, rule: str) -> None:
    with transaction.atomic():
        audit.record(
            action=Action.REFUSED,
            actor=actor,
            target_ref=audit.reference_or(str(target_ref)[:64], ""),
            details={"doing": "read", "rule": rule},
        )


def access_activation(actor, ref, *, for_client_data: bool) -> Activation:
    """The activation `ref` if `actor` is its executor; when `for_client_data`, only while
    access is open."""
    activation = selectors.activation_by_ref(ref)
    if (
        activation is None
        or activation.nomination.executor_id != actor.pk
        or not permissions.may_act_as_executor(actor)
    ):
        _refused(actor, str(ref), "not_found")
        raise WillNotFound("No such activation")
    state = activation.state
    if for_client_data and state != Activation.State.LIVE:
        _refused(actor, str(activation.ref), state)
        raise WillClosed(_CLOSED[state])
    return activation


def access_will_client(actor, activation_ref, client_ref) -> WillClient:
    """A client of the will's therapist, in scope (active or recently ended), while open."""
    activation = access_activation(actor, activation_ref, for_client_data=True)
    client = selectors.clients_in(activation).filter(ref=client_ref).first()
    if client is None:
        _refused(actor, str(activation.ref), "client_not_in_will")
        raise WillNotFound("No such client")
    return WillClient(activation, client)


def read_recorded(*, actor, activation: Activation, action: str, record_ref: str = "") -> None:
    """One read by the executor on the trail (on the client's record when there is one)."""
    audit.record(
        action=action,
        actor=actor,
        target_ref=record_ref or str(activation.ref),
        details={"activation": str(activation.ref)},
    )
