"""The due-date arithmetic, table-driven: the ICO's own examples, month ends, leap years,
weekends, each nation's bank holidays, clarifications and extensions."""

from __future__ import annotations

from datetime import date

import pytest

from subject_access.deadlines import add_months, due_date

ENG, SCT, NIR = "ENG", "SCT", "NIR"

CASES = [
    # (clock starts, nation, extension months, due) -- why
    (date(2026, 9, 3), ENG, 0, date(2026, 10, 5)),  # ICO: 3 Sep -> 3 Oct; 3 Oct 2026 is a Saturday
    (date(2025, 9, 3), ENG, 0, date(2025, 10, 3)),  # ICO: 3 Sep -> 3 Oct (a Friday in 2025)
    (date(2026, 3, 31), ENG, 0, date(2026, 4, 30)),  # ICO: 31 Mar -> 30 Apr (no 31 April)
    (date(2026, 1, 31), ENG, 0, date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday -> Monday 2 Mar
    (date(2027, 1, 31), ENG, 0, date(2027, 3, 1)),  # 28 Feb 2027 is a Sunday -> Monday 1 March
    (date(2028, 1, 31), ENG, 0, date(2028, 2, 29)),  # leap year: 29 Feb 2028 (a Tuesday)
    (date(2028, 1, 30), ENG, 0, date(2028, 2, 29)),  # leap year: 30 Feb does not exist
    (date(2026, 6, 12), ENG, 0, date(2026, 7, 13)),  # 12 Jul 2026 is a Sunday -> Monday
    (date(2026, 6, 12), NIR, 0, date(2026, 7, 14)),  # NI: Twelfth observed Mon 13 Jul -> Tue
    (date(2025, 12, 2), ENG, 0, date(2026, 1, 2)),  # 2 Jan: a working day in England
    (date(2025, 12, 2), SCT, 0, date(2026, 1, 5)),  # Scotland: 2 Jan is a bank holiday
    (date(2026, 2, 17), NIR, 0, date(2026, 3, 18)),  # NI: St Patrick's Day, 17 Mar
    (date(2026, 2, 17), ENG, 0, date(2026, 3, 17)),  # ... not a holiday in England
    (date(2026, 7, 3), SCT, 0, date(2026, 8, 4)),  # Scotland: first Monday of August (3 Aug)
    (date(2026, 7, 31), ENG, 0, date(2026, 9, 1)),  # 31 Aug 2026: England's summer holiday
    (date(2026, 11, 25), ENG, 0, date(2026, 12, 29)),  # 25, 26 (Sat), 28 (Boxing observed)
    (date(2026, 3, 31), ENG, 2, date(2026, 6, 30)),  # extended two months: 30 June
    (date(2026, 11, 30), ENG, 1, date(2027, 2, 1)),  # extended: 30 Jan 2027 is a Saturday
]


@pytest.mark.parametrize(
    ("start", "nation", "months", "due"),
    CASES,
    ids=lambda value: str(value),
)
def test_due_date(start, nation, months, due):
    assert due_date(start, nation=nation, extension_months=months) == due


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
    ],
)
def test_add_months_takes_the_last_day_when_the_month_is_short(start, months, expected):
    assert add_months(start, months) == expected


def test_an_extension_past_two_months_is_refused():
    with pytest.raises(ValueError, match="two further months"):
        due_date(date(2026, 1, 5), nation=ENG, extension_months=3)
