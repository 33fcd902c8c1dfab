"""A young person's records asked for by a parent: whose right it is, and what may go to whom.

The right of access is the young person's own. Where they are able to decide for themselves
(in Scotland presumed from 12, DPA 2018 s.208; elsewhere judged case by case, as the ICO's
guidance on children says), a parent asks on their behalf only: the young person's objection
means nothing goes to the parent, though the practice may answer the young person. Until an
able young person's view is known, nothing goes to the parent either. Information the young
person gave expecting it would not reach the person asking may be withheld from a parent
under DPA 2018 Sch. 3 Part 2 para 4 (for a young person under 18, or under 16 in Scotland).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from clients.models import Client
from practice.models import Nation, PracticeProfile
from subject_access.models import Competence, Exemption, Requester, SubjectAccessRequest

SCOTLAND_PRESUMED_AGE = 12  # DPA 2018 s.208: presumed able to decide from 12 in Scotland
ADULT_AGE = 18
SCOTLAND_EXPECTATIONS_AGE = 16  # para 4(1)(a): under 16 in Scotland, under 18 elsewhere

COMPETENT = (
    Competence.COMPETENT_AWAITED,
    Competence.COMPETENT_AGREES,
    Competence.COMPETENT_OBJECTS,
)


def age_of(sar: SubjectAccessRequest, *, on: date | None = None) -> int | None:
    client = Client.objects.filter(record_ref=sar.record_ref).first()
    return client.age_on(on or sar.received_on) if client else None


def presumed_competent(*, nation: str, age: int | None) -> bool:
    return nation == Nation.SCOTLAND and age is not None and SCOTLAND_PRESUMED_AGE <= age < 18


def adult_today(client: Client) -> bool:
    """Known to be 18 or over today: the request form asks nothing about a young person."""
    age = client.age_on(timezone.localdate())
    return age is not None and age >= 18


def presumed_competent_today(client: Client) -> bool:
    """For the log form's default: is this client, today, presumed able to decide?"""
    return presumed_competent(
        nation=PracticeProfile.load().nation, age=client.age_on(timezone.localdate())
    )


def is_young_persons_request(sar: SubjectAccessRequest) -> bool:
    """A parent asked for a young person's records (their competence was recorded)."""
    return sar.requester == Requester.PARENTAL and bool(sar.young_person_competence)


def release_refusal(sar: SubjectAccessRequest) -> str | None:
    """Why the answer may not go to the parent who asked, or None."""
    if not is_young_persons_request(sar) or sar.answer_young_person:
        return None
    if sar.young_person_competence == Competence.COMPETENT_OBJECTS:
        return (
            "The young person can decide for themselves and does not want their parent to "
            "have this. The right of access is theirs, so nothing can be released to the "
            "parent. You may answer the young person instead."
        )
    if sar.young_person_competence == Competence.COMPETENT_AWAITED:
        return (
            "The young person can decide for themselves and their view is not recorded yet. "
            "Ask them, and record it, before anything is released to the parent."
        )
    return None


def may_answer_young_person(sar: SubjectAccessRequest) -> bool:
    return (
        is_young_persons_request(sar)
        and not sar.answer_young_person
        and sar.young_person_competence in COMPETENT
    )


def exemption_refusal(sar: SubjectAccessRequest, exemption: str) -> str | None:
    """Why `exemption` cannot be relied on for this request, or None."""
    if exemption != Exemption.EXPECTATIONS:
        return None
    age = age_of(sar)
    limit = SCOTLAND_EXPECTATIONS_AGE if sar.nation == Nation.SCOTLAND else ADULT_AGE
    if (
        sar.requester != Requester.PARENTAL
        or sar.answer_young_person
        or age is None
        or age >= limit
    ):
        return (
            "This exemption applies only when a person with parental responsibility asks "
            "for a young person's information (under 18, or under 16 in Scotland) and the "
            "answer goes to them."
        )
    return None


def young_person_rules(
    client: Client, *, received_on: date, nation: str, requester: str, competence: str, wishes
) -> None:
    """What must be recorded when a parent asks for a young person's records."""
    age = client.age_on(received_on)
    if requester != Requester.PARENTAL or age is None or age >= ADULT_AGE:
        if competence:
            raise ValidationError(
                {"young_person_competence": "Only for a request made for a young person."}
            )
        return
    presumed = presumed_competent(nation=nation, age=age)
    if not competence:
        message = "Record whether the young person can decide for themselves, and their wishes."
        if presumed:
            message = (
                "In Scotland a young person of 12 or over is presumed able to decide for "
                "themselves (DPA 2018 s.208): record them as able to decide unless it is shown "
                "that they cannot."
            )
        raise ValidationError({"young_person_competence": message})
    if competence == Competence.NOT_COMPETENT and presumed and not wishes.strip():
        raise ValidationError(
            {
                "young_person_wishes": "In Scotland a young person of 12 or over is presumed "
                "able to decide for themselves: say what shows that this young person cannot."
            }
        )
    if competence != Competence.COMPETENT_AWAITED and not wishes.strip():
        raise ValidationError({"young_person_wishes": "Record the young person's wishes."})
