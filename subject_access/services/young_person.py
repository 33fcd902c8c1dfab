"""A parent's request for a young person's records: recording the young person's view, and
answering the young person instead of the parent (`subject_access/children.py` holds the
rules)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from clients.models import Client
from practice.models import User
from subject_access import children
from subject_access.audit_actions import Action
from subject_access.models import SubjectAccessRequest
from subject_access.services.common import event
from subject_access.workflow import SAR_MACHINE


def sar_record_young_person_view(
    *, actor: User, sar: SubjectAccessRequest, competence: str, wishes: str
) -> SubjectAccessRequest:
    """Whether the young person can decide for themselves, and what they want, as learned
    after the request was logged (their view may be asked only then)."""
    client = Client.objects.filter(record_ref=sar.record_ref).first()
    if client is None or not children.is_young_persons_request(sar):
        raise ValidationError("This request was not made by a parent for a young person.")
    children.young_person_rules(
        client,
        received_on=sar.received_on,
        nation=sar.nation,
        requester=sar.requester,
        competence=competence,
        wishes=wishes,
    )
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="record_young_person_view")
        sar.young_person_competence = competence
        sar.set_young_person_wishes(wishes.strip())
        sar.save()
        event(Action.YOUNG_PERSON_VIEW, actor=actor, sar=sar, competence=competence)
    return sar


def sar_answer_young_person(*, actor: User, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """A young person able to decide holds the right themselves: the practice answers them,
    not the parent who asked, and the parent is told only that."""
    if not children.may_answer_young_person(sar):
        raise ValidationError(
            "Only a request made by a parent for a young person who can decide for themselves "
            "can be answered to the young person instead."
        )
    with transaction.atomic(durable=True):
        sar = SAR_MACHINE.locked_move(sar, actor=actor, action="answer_young_person")
        sar.answer_young_person = True
        sar.save()
        event(Action.YOUNG_PERSON_ANSWERED, actor=actor, sar=sar)
    return sar
