"""The breach's 72-hour ICO clock (UK GDPR Art. 33(1)).

"In the case of a personal data breach, the controller shall without undue delay and, where
feasible, not later than 72 hours after having become aware of it, notify the personal data
breach to the Commissioner, unless the personal data breach is unlikely to result in a risk
to the rights and freedoms of natural persons. Where the notification to the Commissioner is
not made within 72 hours, it shall be accompanied by reasons for the delay."

The clock runs from discovery (becoming aware) and counts elapsed hours, not wall-clock
hours: it is worked in UTC, so a breach found the day before the clocks go back is due 72
real hours later, at 08:00 GMT where the wall clock would say 09:00. No bank holiday moves
it. A decision not to notify (the risk assessed as unlikely) stops the clock; it is kept
with its reasons (Art. 33(5)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

ICO_WITHIN = timedelta(hours=72)
HOUR = timedelta(hours=1)


def ico_due(discovered_at: datetime) -> datetime:
    if discovered_at.tzinfo is None:
        raise ValueError("a breach's discovery time must carry its time zone")
    return discovered_at.astimezone(UTC) + ICO_WITHIN


def _whole_hours(span: timedelta) -> int:
    return int(span // HOUR)


@dataclass(frozen=True)
class IcoClock:
    discovered_at: datetime
    notified_at: datetime | None
    not_needed: bool  # decided not to notify: the clock is stopped, the decision kept
    as_of: datetime

    @property
    def due_at(self) -> datetime:
        return ico_due(self.discovered_at)

    @property
    def done(self) -> bool:
        return self.notified_at is not None

    @property
    def running(self) -> bool:
        return not self.done and not self.not_needed

    @property
    def late(self) -> bool:
        """Reported after the 72 hours, or still to report and past them: never hidden."""
        if self.done:
            return self.notified_at > self.due_at
        return self.running and self.as_of > self.due_at

    @property
    def hours_late(self) -> int:
        if not self.late:
            return 0
        moment = self.notified_at if self.done else self.as_of
        return max(0, _whole_hours(moment - self.due_at))

    @property
    def hours_left(self) -> int | None:
        """Whole hours until the deadline while it runs (0 in its last hour); None otherwise."""
        if not self.running:
            return None
        return max(0, _whole_hours(self.due_at - self.as_of))
