"""How the retrospective reviews of emergency disclosures came out, counted.

A practice sees its pattern (how often acting at once was justified, justified with
learning, or not justified, and how many reviews are waiting) on the supervisor's queue and
on the admin's page. Counts only: never a client, a reference or a word of a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from disclosures.models import DisclosureRequest, EmergencyVerdict, Status
from disclosures.selectors import requests_for_reviewer
from practice.models import User


@dataclass(frozen=True)
class VerdictCounts:
    justified: int = 0
    justified_with_learning: int = 0
    not_justified: int = 0
    waiting: int = 0
    overdue: int = 0

    @property
    def reviewed(self) -> int:
        return self.justified + self.justified_with_learning + self.not_justified

    def rows(self) -> list[tuple[str, int]]:
        """(label, count) for each verdict, in the order the review form offers them."""
        return [
            (EmergencyVerdict.JUSTIFIED.label, self.justified),
            (EmergencyVerdict.JUSTIFIED_WITH_LEARNING.label, self.justified_with_learning),
            (EmergencyVerdict.NOT_JUSTIFIED.label, self.not_justified),
        ]


def _aggregates(today: date) -> dict:
    waiting = Q(status=Status.EMERGENCY_REVIEW)
    return {
        "justified": Count("pk", filter=Q(emergency_verdict=EmergencyVerdict.JUSTIFIED)),
        "justified_with_learning": Count(
            "pk", filter=Q(emergency_verdict=EmergencyVerdict.JUSTIFIED_WITH_LEARNING)
        ),
        "not_justified": Count("pk", filter=Q(emergency_verdict=EmergencyVerdict.NOT_JUSTIFIED)),
        "waiting": Count("pk", filter=waiting),
        "overdue": Count("pk", filter=waiting & Q(review_due_on__lt=today)),
    }


def counted(requests: QuerySet[DisclosureRequest]) -> VerdictCounts:
    """One query over the emergency disclosures among `requests`."""
    values = requests.filter(is_emergency=True).aggregate(**_aggregates(timezone.localdate()))
    return VerdictCounts(**values)


def for_reviewer(user: User) -> VerdictCounts:
    """The verdicts this supervisor gave (whoever they supervise now), and the emergency
    reviews waiting for them: one query."""
    mine = Q(decided_by=user)
    waiting = Q(
        status=Status.EMERGENCY_REVIEW,
        pk__in=requests_for_reviewer(user).filter(status=Status.EMERGENCY_REVIEW).values("pk"),
    )
    today = timezone.localdate()
    values = (
        DisclosureRequest.objects.filter(is_emergency=True)
        .filter(mine | waiting)
        .aggregate(
            justified=Count("pk", filter=mine & Q(emergency_verdict=EmergencyVerdict.JUSTIFIED)),
            justified_with_learning=Count(
                "pk", filter=mine & Q(emergency_verdict=EmergencyVerdict.JUSTIFIED_WITH_LEARNING)
            ),
            not_justified=Count(
                "pk", filter=mine & Q(emergency_verdict=EmergencyVerdict.NOT_JUSTIFIED)
            ),
            waiting=Count("pk", filter=waiting),
            overdue=Count("pk", filter=waiting & Q(review_due_on__lt=today)),
        )
    )
    return VerdictCounts(**values)


@dataclass(frozen=True)
class PracticePattern:
    all_time: VerdictCounts
    last_year: VerdictCounts  # emergency disclosures made in the last 365 days
    by_reviewer: list[tuple[str, VerdictCounts]]  # (the supervisor's name, their verdicts)


def for_practice() -> PracticePattern:
    """Every emergency disclosure of the practice, for the admin: counts only."""
    since = timezone.localdate() - timedelta(days=365)
    emergencies = DisclosureRequest.objects.filter(is_emergency=True)
    by_reviewer = []
    reviewers = User.objects.filter(
        pk__in=emergencies.exclude(emergency_verdict="").values("decided_by")
    ).order_by("first_name", "last_name", "username")
    for reviewer in reviewers:
        by_reviewer.append(
            (reviewer.display_name, counted(emergencies.filter(decided_by=reviewer)))
        )
    return PracticePattern(
        all_time=counted(emergencies),
        last_year=counted(emergencies.filter(disclosure__disclosed_on__gte=since)),
        by_reviewer=by_reviewer,
    )
