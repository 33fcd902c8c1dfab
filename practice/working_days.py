"""The one calendar for every statutory clock: calendar months and working days.

A working day is a weekday that is not a bank holiday of the practice's nation. Every
deadline in the app counts with these functions (a subject access request's due date and
its extension-notice date, an emergency disclosure's retrospective review). Bank holidays
come from the offline `holidays` package; the nation is `PracticeProfile.nation` (England
and Wales, Scotland and Northern Ireland keep different ones).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _bank_holidays(nation: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=nation, years=year)


def is_working_day(day: date, nation: str) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(nation, day.year)


def next_working_day(day: date, nation: str) -> date:
    while not is_working_day(day, nation):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int, *, nation: str) -> date:
    """The `days`-th working day after `start` (start itself never counts)."""
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day, nation):
            days -= 1
    return day


def add_months(start: date, months: int) -> date:
    """The corresponding day `months` later, or that month's last day if it has none."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
