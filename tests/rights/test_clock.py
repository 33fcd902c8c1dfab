"""The 30-day acknowledgement clock (DPA 2018 s.164A(3)): calendar days, no working-day
rule, so bank holidays and weekends never move it; late is flagged whether or not it was
acknowledged."""

from datetime import date

import pytest

from rights.deadlines import Acknowledgement, acknowledgement_due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 6, 19), date(2026, 7, 19)),  # the day s.164A came into force; a Sunday due
        (date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 12, 2), date(2027, 1, 1)),  # due on New Year's Day: a bank holiday counts
        (date(2026, 12, 24), date(2027, 1, 23)),  # over Christmas and New Year
        (date(2027, 1, 31), date(2027, 3, 2)),  # through a short February
        (date(2028, 1, 31), date(2028, 3, 1)),  # through a leap February
        (date(2027, 3, 26), date(2027, 4, 25)),  # over Good Friday and Easter Monday 2027
    ],
)
def test_acknowledgement_is_due_thirty_calendar_days_after_receipt(received, due):
    assert acknowledgement_due(received) == due


@pytest.mark.parametrize(
    ("acknowledged_on", "as_of", "late", "days_late", "days_left"),
    [
        (None, date(2026, 6, 1), False, 0, 30),
        (None, date(2026, 7, 1), False, 0, 0),  # the due day itself is in time
        (None, date(2026, 7, 2), True, 1, -1),  # not yet acknowledged and past it
        (date(2026, 6, 5), date(2026, 8, 1), False, 0, None),
        (date(2026, 7, 1), date(2026, 8, 1), False, 0, None),
        (date(2026, 7, 4), date(2026, 8, 1), True, 3, None),  # acknowledged late stays late
    ],
)
def test_late_is_flagged_before_and_after_the_acknowledgement(
    acknowledged_on, as_of, late, days_late, days_left
):
    clock = Acknowledgement.read(
        received_on=date(2026, 6, 1), acknowledged_on=acknowledged_on, as_of=as_of
    )
    assert clock.due_on == date(2026, 7, 1)
    assert (clock.late, clock.days_late, clock.days_left) == (late, days_late, days_left)
