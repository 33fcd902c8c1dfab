"""The health-data gate of subject access (DPA 2018 Sch. 3 Part 2 paras 5 and 6).

A practice whose reviewer is not a health professional (s.204) may release health data only
if the person has already seen or knows it, or the appropriate health professional's opinion,
obtained within the six months ending on the day it is relied on, is that releasing it would
not be likely to cause serious harm (para 6). It may withhold health data for serious harm
only on such an opinion that it would (para 5(2)). A reviewer who is a health professional
gives the opinion themselves. Therapy records are health data, so every answer passes here.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from practice.working_days import add_months
from subject_access.models import (
    Exemption,
    HealthBasis,
    HealthDataBasis,
    HealthOpinion,
    SubjectAccessRequest,
)

OPINION_MONTHS = 6  # Sch. 3 Part 2 paras 5(3) and 6(3): "the period of 6 months ending with"


def opinion_counts_from(today: date) -> date:
    """The first day of the six months ending with `today`: an opinion from before it is too
    old to rely on (paras 5(3)(a), 6(3)(a))."""
    return add_months(today, -OPINION_MONTHS) + timedelta(days=1)


def latest(sar: SubjectAccessRequest, basis: str) -> HealthDataBasis | None:
    records = [record for record in sar.health_bases.all() if record.basis == basis]
    return records[-1] if records else None


def reviewer_is_health_professional(sar: SubjectAccessRequest) -> bool:
    """The reviewer forms the opinion themselves when they are a health professional."""
    return sar.reviewer is not None and sar.reviewer.is_health_professional


def opinion_in_date(sar: SubjectAccessRequest, today: date) -> HealthDataBasis | None:
    opinion = latest(sar, HealthBasis.OPINION)
    if opinion is None or opinion.opinion_on < opinion_counts_from(today):
        return None
    return opinion


def withholds_for_serious_harm(sar: SubjectAccessRequest) -> bool:
    return (
        sar.exemption == Exemption.SERIOUS_HARM
        or any(r.reason == Exemption.SERIOUS_HARM for r in sar.redactions.all())
        or any(d.exemption == Exemption.SERIOUS_HARM for d in sar.held_back_decisions.all())
    )


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _too_old(sar: SubjectAccessRequest, today: date) -> str:
    opinion = latest(sar, HealthBasis.OPINION)
    if opinion is None:
        return ""
    return (
        f" The opinion recorded was given on {_day(opinion.opinion_on)}, before "
        f"{_day(opinion_counts_from(today))}, so it is too old to rely on: ask again."
    )


def release_refusal(sar: SubjectAccessRequest, *, today: date | None = None) -> str | None:
    """Why the answer's health data may not be released yet (para 6), or None."""
    today = today or timezone.localdate()
    if reviewer_is_health_professional(sar):
        return None
    opinion = opinion_in_date(sar, today)
    if opinion is not None:
        if opinion.opinion == HealthOpinion.MET and not withholds_for_serious_harm(sar):
            return (
                "The health professional's opinion is that some of the answer would be likely "
                "to cause serious harm, but nothing is withheld for serious harm. Ask the "
                "reviewer to withhold those passages, or record a new opinion."
            )
        return None
    if latest(sar, HealthBasis.ALREADY_SEEN) is not None:
        return None
    return (
        "The answer holds health data, and the reviewer is not a health professional. Before "
        "it is released, record either that the person has already seen or knows the "
        "information, or the opinion of the appropriate health professional obtained in the "
        "last six months that releasing it would not be likely to cause serious harm (Data "
        "Protection Act 2018, Schedule 3 Part 2 paragraph 6)." + _too_old(sar, today)
    )


def withholding_refusal(sar: SubjectAccessRequest, *, today: date | None = None) -> str | None:
    """Why health data may not be withheld for serious harm (para 5(2)), or None."""
    today = today or timezone.localdate()
    if reviewer_is_health_professional(sar):
        return None
    opinion = opinion_in_date(sar, today)
    if opinion is not None and opinion.opinion == HealthOpinion.MET:
        return None
    if opinion is not None:
        return (
            "The health professional's opinion is that releasing it would not be likely to "
            "cause serious harm, so it cannot be withheld for serious harm."
        )
    return (
        "Health data can be withheld for serious harm only on the opinion of the appropriate "
        "health professional, obtained in the last six months, that releasing it would be "
        "likely to cause serious harm, unless the reviewer is a health professional (Data "
        "Protection Act 2018, Schedule 3 Part 2 paragraph 5). Ask the admin to record the "
        "opinion first; knowing the person has seen it is not enough." + _too_old(sar, today)
    )


def status_for(sar: SubjectAccessRequest, *, today: date | None = None) -> dict:
    """What the request's page says about the gate: the basis relied on, or what is missing."""
    today = today or timezone.localdate()
    return {
        "reviewer_is_professional": reviewer_is_health_professional(sar),
        "opinion": latest(sar, HealthBasis.OPINION),
        "opinion_in_date": opinion_in_date(sar, today) is not None,
        "opinion_counts_from": opinion_counts_from(today),
        "already_seen": latest(sar, HealthBasis.ALREADY_SEEN),
        "recorded": bool(sar.health_bases.all()),
        "release_refusal": release_refusal(sar, today=today),
        "withholding_refusal": withholding_refusal(sar, today=today),
    }
