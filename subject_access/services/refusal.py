"""Refusing a request, by two people: one admin proposes the refusal with the exemption and
the reasons, and a second approves it before it takes effect (issue 22: a refusal is a
decision the person can take to the ICO or a court, so nobody makes it alone). Approval keeps
the refusal letter (UK GDPR Art. 12(4): the reasons, the right to complain to the ICO and to
seek a judicial remedy) in the same transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from practice.actors import system_actor
from practice.models import User
from practice.permissions import is_system
from subject_access import children
from subject_access.audit_actions import Action
from subject_access.models import Exemption, LetterKind, SubjectAccessRequest
from subject_access.services.common import event
from subject_access.services.letters import keep_letter
from subject_access.workflow import SAR_MACHINE

SECOND_PERSON = (
    "A refusal needs a second person: another admin must approve it. You proposed this one, "
    "so you cannot approve it yourself."
)


def sar_propose_refusal(
    *,
    actor: User,
    sar: SubjectAccessRequest,
    exemption: str,
    reasons: str,
    evidence: str = "",
) -> SubjectAccessRequest:
    reasons, evidence = reasons.strip(), evidence.strip()
    if exemption not in Exemption.values:
        raise ValidationError({"exemption": "Name the exemption the refusal relies on."})
    if refusal := children.exemption_refusal(sar, exemption):
        raise ValidationError({"exemption": refusal})
    if not reasons:
        raise ValidationError(
            {"reasons": "Give the reasons for refusing: the person is entitled to them."}
        )
    if exemption == Exemption.MANIFESTLY_UNFOUNDED and not evidence:
        raise ValidationError(
            {
                "evidence": "Record what shows the request is manifestly unfounded or "
                "excessive (UK GDPR Art. 12(5)): the practice must be able to show it."
            }
        )
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="propose_refusal")
        sar.refusal_exemption = exemption
        sar.set_refusal_reasons(reasons)
        sar.set_refusal_evidence(evidence)
        sar.refusal_proposed_by = actor
        sar.refusal_proposed_at = timezone.now()
        sar.save()
        event(Action.REFUSAL_PROPOSED, actor=actor, sar=sar, exemption=exemption)
    return sar


def sar_withdraw_refusal(*, actor: User, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="withdraw_refusal")
        sar.refusal_exemption = ""
        sar.set_refusal_reasons("")
        sar.set_refusal_evidence("")
        sar.refusal_proposed_by = None
        sar.refusal_proposed_at = None
        sar.save()
        event(Action.REFUSAL_WITHDRAWN, actor=actor, sar=sar)
    return sar


def sar_approve_refusal(*, actor: User, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """Another admin approves: the request is refused and the refusal letter kept."""
    with transaction.atomic(durable=True):
        sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
        if sar.refusal_proposed_by_id == actor.pk:
            raise ValidationError(SECOND_PERSON)
        return _refused(actor=actor, sar=SAR_MACHINE.locked_move(sar, actor=actor, action="refuse"))


def sar_approve_refusal_from_server(*, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """A practice with one admin: the data-protection contact approves on the server
    (`manage.py subject_access_refusal --approve`), the second person the app cannot be."""
    actor = system_actor("data-protection-contact")
    if not sar.refusal_proposed_by_id:
        raise ValidationError("No refusal is waiting for approval on this request.")
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="refuse_from_server")
        return _refused(actor=actor, sar=sar)


def _refused(*, actor, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """The refusal takes effect, under the row lock its caller holds."""
    sar.exemption = sar.refusal_exemption
    sar.refused_at = timezone.now()
    sar.refusal_approved_by = None if is_system(actor) else actor
    sar.save()
    keep_letter(actor=actor, sar=sar, kind=LetterKind.REFUSAL, dated=timezone.localdate())
    event(
        Action.REFUSED,
        actor=actor,
        sar=sar,
        exemption=sar.exemption,
        proposed_by=str(sar.refusal_proposed_by.ref),
    )
    return sar
