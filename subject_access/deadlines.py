"""When a subject access request must be answered, by the ICO's published rule.

One calendar month from the day the clock starts (receipt, or the later day the identity
check or a clarification arrives): the same day number next month, or that month's last
day when it has no such day; a weekend or a bank holiday of the practice's nation moves it
to the next working day. An extension adds up to two further months, counted the same way.
"""

from __future__ import annotations

import calendar
from datetime import date

from practice.working_days import next_working_day

MAX_EXTENSION_MONTHS = 2


def add_months(start: date, months: int) -> date:
    """The corresponding day `months` later, or that month's last day if it has none."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_date(clock_start: date, *, nation: str, extension_months: int = 0) -> date:
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError("An extension is at most two further months.")
    return next_working_day(add_months(clock_start, 1 + extension_months), nation)


def days_left(due: date, today: date) -> int:
    """Calendar days until the due date; negative once it has passed."""
    return (due - today).days
