"""Reads for the restriction pages, scoped to the person asking; no side effects."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from practice.models import PracticeProfile, User
from rights import permissions
from rights.models import RestrictionLetter, RestrictionRequest, RestrictionStatus


def restrictions_for(actor: User) -> QuerySet[RestrictionRequest]:
    if not permissions.may_handle_complaints(actor):
        return RestrictionRequest.objects.none()
    return RestrictionRequest.objects.all()


def restriction_for(actor: User, ref) -> RestrictionRequest | None:
    return restrictions_for(actor).filter(ref=ref).first()


def restriction_letter_for(
    actor: User, restriction: RestrictionRequest, ref
) -> RestrictionLetter | None:
    if not permissions.may_handle_complaints(actor):
        return None
    return restriction.letters.filter(ref=ref).first()


def open_restrictions(actor: User, *, today: date | None = None) -> list[tuple]:
    """Requests not yet applied, with their clock; then those in force (no clock runs, but
    each waits for a notice and a lift), with None for a clock."""
    today = today or timezone.localdate()
    nation = PracticeProfile.load().nation
    rows = restrictions_for(actor).exclude(status=RestrictionStatus.LIFTED)
    return [
        (
            restriction,
            restriction.clock(nation=nation, as_of=today) if restriction.is_open else None,
        )
        for restriction in rows
    ]
