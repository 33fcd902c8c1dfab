"""When a subject access request must be answered: its clock, read from a list of dated facts.

The law (UK GDPR Art. 12A, inserted by the Data (Use and Access) Act 2025 s.76, in the same
words as DPA 2018 s.54 for law-enforcement requests):

- the month begins with the "relevant time": the latest of the day the request arrived, the day
  the identity information asked for arrived (Art. 12A; s.54(3)) and, when someone asks for
  another person, the day the evidence of their authority arrived (the ICO's right of access
  guidance as updated in December 2025). Each counts from the day it arrived, not the day
  staff got round to confirming it;
- it ends on the corresponding day next month, or that month's last day when it has none, and
  a weekend or a bank holiday of the practice's nation moves it to the next working day (the
  ICO's right of access guidance, "How do we calculate a month?");
- it may be extended by up to two further months for complexity or the number of requests,
  by a notice with the reasons given before the end of the first month (Art. 12A; s.54(3A),
  (3B));
- where the request is manifestly unfounded or excessive and the practice asks a reasonable
  fee instead of refusing it (Art. 12(5)(a)), the month begins only when the fee arrives
  (the ICO's right of access guidance); the fee must be asked for within the first month;
- where the practice reasonably needs more information to identify what is asked for, the days
  from the day it asks to the day the answer arrives, both included, count towards neither the
  time limit nor the period for the extension notice (Art. 12A; s.54(3C)). Days already used
  stay used: each paused day moves the end of the period on by one day, and a pause begun
  after a period ended cannot move that period.

Nothing here is stored: the due date and the extension-notice date are computed, every time,
from the facts (`SubjectAccessRequest.clock_facts()`), on the one calendar in
`practice/working_days.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models

from practice.working_days import add_months, next_working_day

__all__ = ["MAX_EXTENSION_MONTHS", "Clock", "Fact", "FactKind", "add_months", "due_date"]

MAX_EXTENSION_MONTHS = 2  # Art. 12A; s.54(3A): "two further months"


class FactKind(models.TextChoices):
    RECEIVED = "received", "Request received"
    IDENTITY = "identity", "Identity information received"
    AUTHORITY = "authority", "Evidence of the authority to act received"
    CLARIFICATION_ASKED = "clarification_asked", "Clarification asked for: clock paused"
    CLARIFICATION_RECEIVED = "clarification_received", "Clarification received: clock running"
    EXTENDED = "extended", "Extension told to the person"
    FEE_ASKED = "fee_asked", "Fee asked for (manifestly unfounded or excessive): clock waits"
    FEE_RECEIVED = "fee_received", "Fee received: clock started"


# What must have arrived before the month can begin (the relevant time is the latest of them);
# a request made for someone else waits for the evidence of authority too.
STARTING_FACTS = (FactKind.RECEIVED, FactKind.IDENTITY)
STARTING_FACTS_FOR_ANOTHER = (*STARTING_FACTS, FactKind.AUTHORITY)


@dataclass(frozen=True)
class Fact:
    kind: str
    on: date
    months: int = 0  # an extension's further months


@dataclass(frozen=True)
class Pause:
    """Days that do not count (s.54(3C)): from the day asked to the day answered, inclusive."""

    asked_on: date
    answered_on: date | None  # None: the answer is still awaited

    def days(self, *, counting_from: date, through: date) -> int:
        first = max(self.asked_on, counting_from)
        last = self.answered_on or through
        return max(0, (last - first).days + 1)


@dataclass(frozen=True)
class Clock:
    nation: str
    started_on: date | None  # None: something the month waits for has not arrived
    pauses: tuple[Pause, ...]
    extension_months: int
    as_of: date  # an open pause runs through this day
    awaiting: tuple[str, ...] = ()  # the starting facts not yet arrived

    @classmethod
    def read(
        cls,
        facts: Iterable[Fact],
        *,
        nation: str,
        as_of: date,
        starting: Iterable[str] = STARTING_FACTS,
    ) -> Clock:
        facts = sorted(facts, key=lambda fact: fact.on)
        starting = tuple(starting)
        if any(fact.kind == FactKind.FEE_ASKED for fact in facts):
            # A fee asked for a manifestly unfounded or excessive request (Art. 12(5)(a)):
            # the month does not begin until it is received (the ICO's right of access
            # guidance, "Can we charge a fee?").
            starting = (*starting, FactKind.FEE_RECEIVED)
        arrived = {fact.kind: fact.on for fact in facts if fact.kind in starting}
        awaiting = tuple(kind for kind in starting if kind not in arrived)
        started_on = None if awaiting else max(arrived.values())
        pauses: list[Pause] = []
        for fact in facts:
            if fact.kind == FactKind.CLARIFICATION_ASKED:
                pauses.append(Pause(fact.on, None))
            elif fact.kind == FactKind.CLARIFICATION_RECEIVED and pauses:
                pauses[-1] = Pause(pauses[-1].asked_on, fact.on)
        months = sum(fact.months for fact in facts if fact.kind == FactKind.EXTENDED)
        return cls(nation, started_on, tuple(pauses), months, as_of, awaiting)

    @property
    def started(self) -> bool:
        return self.started_on is not None

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].answered_on is None

    @property
    def paused_since(self) -> date | None:
        return self.pauses[-1].asked_on if self.paused else None

    def _period_end(self, months: int, *, through: date) -> date:
        """The last day of a period of `months` months from the start, moved on by the
        paused days that fell within it; then the next working day."""
        assert self.started_on is not None
        end = add_months(self.started_on, months)
        for pause in self.pauses:
            if pause.asked_on <= next_working_day(end, self.nation):
                end += timedelta(days=pause.days(counting_from=self.started_on, through=through))
        return next_working_day(end, self.nation)

    @property
    def paused_days(self) -> int:
        """Days that did not count, up to `as_of` for a pause still open."""
        if not self.started:
            return 0
        return sum(
            pause.days(counting_from=self.started_on, through=self.as_of) for pause in self.pauses
        )

    @property
    def pause_days(self) -> list[tuple[Pause, int]]:
        """Each pause with the days it did not count (so far, for one still open)."""
        if not self.started:
            return []
        return [
            (pause, pause.days(counting_from=self.started_on, through=self.as_of))
            for pause in self.pauses
        ]

    @property
    def due_if_answered_today(self) -> date | None:
        return self.due_if_answered_on(self.as_of) if self.paused else None

    @property
    def due_on(self) -> date | None:
        """The day the answer is due; None before the start and while paused (it is not
        known until the answer to the clarification arrives)."""
        if not self.started or self.paused:
            return None
        return self._period_end(1 + self.extension_months, through=self.as_of)

    def extension_notice_by(self, *, through: date | None = None) -> date | None:
        """The last day to tell the person of an extension: the end of the first month,
        pauses not counting. While paused, the earliest it can be (the pause running
        `through` that day)."""
        if not self.started:
            return None
        return self._period_end(1, through=through or self.as_of)

    def due_if_answered_on(self, day: date) -> date | None:
        """While paused: the due date if the answer arrives on `day`."""
        if not self.started:
            return None
        return self._period_end(1 + self.extension_months, through=day)


def due_date(clock_start: date, *, nation: str, extension_months: int = 0) -> date:
    """The due date of a month that began on `clock_start`, with no pause."""
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError("An extension is at most two further months.")
    return next_working_day(add_months(clock_start, 1 + extension_months), nation)


def days_left(due: date, today: date) -> int:
    """Calendar days until the due date; negative once it has passed."""
    return (due - today).days
