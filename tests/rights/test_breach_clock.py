"""The breach's 72-hour ICO clock (UK GDPR Art. 33(1)): 72 elapsed hours from discovery,
across the clock changes, flagged when past and never hidden."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rights.breach_clock import IcoClock, ico_due

LONDON = ZoneInfo("Europe/London")


def _at(*parts) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("found", "due_utc", "due_wall"),
    [
        # An ordinary week: 72 hours is three days to the minute.
        (_at(2026, 12, 1, 9, 30), datetime(2026, 12, 4, 9, 30, tzinfo=UTC), (4, 9, 30)),
        # Found in summer time the day before the clocks go back (25 October 2026, 02:00
        # BST -> 01:00 GMT): 72 real hours end at 08:00 GMT, not at 09:00 on the wall.
        (_at(2026, 10, 24, 9, 0), datetime(2026, 10, 27, 8, 0, tzinfo=UTC), (27, 8, 0)),
        # Found in winter time the day before the clocks go forward (29 March 2026, 01:00
        # GMT -> 02:00 BST): 72 real hours end at 10:00 BST on the wall.
        (_at(2026, 3, 28, 9, 0), datetime(2026, 3, 31, 9, 0, tzinfo=UTC), (31, 10, 0)),
        # Found in the repeated hour itself (01:30 BST, the first 01:30 of 25 October).
        (
            datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=0),
            datetime(2026, 10, 28, 0, 30, tzinfo=UTC),
            (28, 0, 30),
        ),
        # Over a bank holiday (Christmas and Boxing Day): calendar hours, nothing moves.
        (_at(2026, 12, 24, 17, 0), datetime(2026, 12, 27, 17, 0, tzinfo=UTC), (27, 17, 0)),
    ],
)
def test_the_deadline_is_72_elapsed_hours_after_discovery(found, due_utc, due_wall):
    due = ico_due(found)
    assert due == due_utc
    assert due - found == timedelta(hours=72)
    wall = due.astimezone(LONDON)
    assert (wall.day, wall.hour, wall.minute) == due_wall


def test_a_time_without_its_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        ico_due(datetime(2026, 12, 1, 9, 0))  # noqa: DTZ001


FOUND = _at(2026, 10, 24, 9, 0)  # due 27 October 08:00 GMT


@pytest.mark.parametrize(
    ("as_of", "notified", "not_needed", "running", "left", "late", "hours_late"),
    [
        (FOUND, None, False, True, 72, False, 0),
        # The morning after the clocks went back, 09:00 GMT is 25 real hours on (the wall
        # says 24): 47 of the 72 are left.
        (_at(2026, 10, 25, 9, 0), None, False, True, 47, False, 0),
        (_at(2026, 10, 27, 7, 30), None, False, True, 0, False, 0),
        (_at(2026, 10, 27, 8, 0), None, False, True, 0, False, 0),  # the last moment
        (_at(2026, 10, 27, 10, 0), None, False, True, 0, True, 2),  # overdue by two hours
        # Reported in time, and reported late (by 5 hours): the late one stays flagged.
        (_at(2026, 11, 1), _at(2026, 10, 26, 12, 0), False, False, None, False, 0),
        (_at(2026, 11, 1), _at(2026, 10, 27, 13, 0), False, False, None, True, 5),
        # Decided not to report: the clock stops, nothing is overdue.
        (_at(2026, 11, 1), None, True, False, None, False, 0),
    ],
)
def test_the_clock_reads_as_the_admin_sees_it(
    as_of, notified, not_needed, running, left, late, hours_late
):
    clock = IcoClock(discovered_at=FOUND, notified_at=notified, not_needed=not_needed, as_of=as_of)
    assert clock.running is running
    assert clock.hours_left == left
    assert clock.late is late
    assert clock.hours_late == hours_late
