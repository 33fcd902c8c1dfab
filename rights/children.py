"""A complaint made by a parent for a young person follows the subject access rule
(`subject_access.children`): whether the young person can decide for themselves is recorded
when the complaint is linked to their case file, and while an able young person's view is
unknown, or they do not want their parent to act for them, the outcome does not go to the
parent."""

from __future__ import annotations

from subject_access.children import COMPETENT, young_person_rules
from subject_access.models import Competence, Requester

__all__ = ["is_young_persons_complaint", "outcome_refusal", "young_person_rules"]


def is_young_persons_complaint(complaint) -> bool:
    return complaint.made_by == Requester.PARENTAL and bool(complaint.young_person_competence)


def outcome_refusal(complaint) -> str | None:
    """Why the outcome may not go to the parent who complained, or None."""
    if not is_young_persons_complaint(complaint):
        return None
    if complaint.young_person_competence == Competence.COMPETENT_OBJECTS:
        return (
            "The young person can decide for themselves and does not want their parent to act "
            "for them, so the outcome cannot go to the parent. Speak to the young person."
        )
    if complaint.young_person_competence == Competence.COMPETENT_AWAITED:
        return (
            "The young person can decide for themselves and their view is not recorded yet. "
            "Ask them, and record it, before the outcome is sent to the parent."
        )
    return None


def competent(complaint) -> bool:
    return complaint.young_person_competence in COMPETENT
