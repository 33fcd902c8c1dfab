"""The complaint's acknowledgement clock (DPA 2018 s.164A(3)).

"If a controller receives a complaint under this section, the controller must acknowledge
receipt of the complaint within the period of 30 days beginning when the complaint is
received" (s.164A(3), inserted by the Data (Use and Access) Act 2025 s.103). The Act counts
calendar days, not working days, so no bank holiday moves the date and the one calendar
(`practice.working_days`) has nothing to add. As with the month of a subject access request
(the ICO counts from the day of receipt to the corresponding day), the last day is the day
of receipt plus 30: a complaint received on 1 June is acknowledged in time on 1 July.

The rest of s.164A (respond "without undue delay", keep the person told, give the outcome)
sets no number of days, so the clock here is the acknowledgement's only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ACKNOWLEDGE_WITHIN_DAYS = 30


def acknowledgement_due(received_on: date) -> date:
    return received_on + timedelta(days=ACKNOWLEDGE_WITHIN_DAYS)


@dataclass(frozen=True)
class Acknowledgement:
    due_on: date
    acknowledged_on: date | None
    as_of: date

    @classmethod
    def read(
        cls, *, received_on: date, acknowledged_on: date | None, as_of: date
    ) -> Acknowledgement:
        return cls(acknowledgement_due(received_on), acknowledged_on, as_of)

    @property
    def done(self) -> bool:
        return self.acknowledged_on is not None

    @property
    def late(self) -> bool:
        """Acknowledged after the due day, or not yet acknowledged and past it: never hidden."""
        day = self.acknowledged_on or self.as_of
        return day > self.due_on

    @property
    def days_late(self) -> int:
        day = self.acknowledged_on or self.as_of
        return max(0, (day - self.due_on).days)

    @property
    def days_left(self) -> int | None:
        """Days until the due day (0 on the day itself); None once acknowledged."""
        return None if self.done else (self.due_on - self.as_of).days
