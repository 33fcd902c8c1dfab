"""Builders for professional-will tests: a naming, countersigned, activated."""

from __future__ import annotations

from clients.models import Client
from practice.models import User
from wills import services
from wills.models import Activation, Nomination


def named(therapist: User, executor: User, admin: User, *, letters: bool = True) -> Nomination:
    nomination = services.nomination_create(
        actor=therapist, executor=executor, may_send_letters=letters
    )
    return services.nomination_countersign(actor=admin, nomination=nomination)


def asked(nomination: Nomination, *, reason: str = "death", days: int | None = None) -> Activation:
    return services.activation_ask(
        actor=nomination.executor,
        nomination=nomination,
        reason=reason,
        unreachable_days=days,
        explanation="Told by the family this morning.",
    )


def activated(nomination: Nomination, approver: User, **kwargs) -> Activation:
    return services.activation_approve(actor=approver, activation=asked(nomination, **kwargs))


def matrix_objects(staff: dict[str, User]) -> dict:
    nomination = named(staff["therapist"], staff["executor"], staff["admin"])
    activation = activated(nomination, staff["supervisor"])
    client = Client.objects.filter(therapist_id=staff["therapist"].pk).first()
    invited = services.nomination_invite(
        actor=staff["therapist"], email="invited@example.org", may_send_letters=True
    )
    services.nomination_countersign(actor=staff["admin"], nomination=invited)
    url = services.invitation_send(actor=staff["admin"], nomination=invited)
    return {
        "invitation_token": url.rstrip("/").rsplit("/", 1)[-1],
        "nomination_ref": nomination.ref,
        "activation_ref": activation.ref,
        "will_client_ref": client.ref,
    }
