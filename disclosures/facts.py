"""What a therapist states about a disclosure and its restriction, and what is wrong with it.

Plain values and their rules, below both the forms (which check them as the therapist
types) and the services (which check them again before anything is saved), so neither
imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.utils import timezone

from disclosures.models import RestrictionReason


@dataclass(frozen=True)
class Disclosed:
    """What the therapist records about the disclosure they made."""

    disclosed_on: date
    method: str
    recipient: str
    what_was_sent: str
    restricted: bool = False
    restricted_reason: str = ""
    restricted_review_on: date | None = None
    disclosed_time: time | None = None  # the time of day, kept to the minute

    def problems(self) -> dict[str, str]:
        found = {}
        today = timezone.localdate()
        if self.disclosed_on > today:
            found["disclosed_on"] = "The date of the disclosure cannot be in the future."
        elif (
            self.disclosed_time is not None
            and self.disclosed_on == today
            and self.disclosed_time.replace(second=0, microsecond=0)
            > timezone.localtime().time().replace(second=0, microsecond=0)
        ):
            found["disclosed_time"] = "The time of the disclosure cannot be in the future."
        if not self.recipient.strip():
            found["recipient"] = "Say to whom the information was given."
        if not self.what_was_sent.strip():
            found["what_was_sent"] = "Record exactly what was sent or said."
        if self.restricted:
            if not self.restricted_reason:
                found["restricted_reason"] = "Say why the client must not be told."
            if self.restricted_review_on is None:
                found["restricted_review_on"] = "Set a date to review the restriction."
            elif self.restricted_review_on <= today:
                found["restricted_review_on"] = "The review date must be in the future."
        return found


def restriction_problems(*, reason: str, review_on: date | None) -> dict[str, str]:
    """Why this restriction cannot stand as given ({} when it can): the same rule as when
    the disclosure was recorded, for every path that sets one."""
    found = {}
    if reason not in RestrictionReason.values:
        found["restricted_reason"] = "Say why the client must not be told."
    if review_on is None:
        found["review_on"] = "Set a date to review the restriction."
    elif review_on <= timezone.localdate():
        found["review_on"] = "The next review date must be in the future."
    return found
