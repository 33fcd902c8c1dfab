"""The clock read from dated facts, table-driven (UK GDPR Art. 12A; DPA 2018 s.54(3)-(3C)):
a clarification pauses the month (the days from asking to the answer, both included, do not
count; the days used stay used), the extension notice date moves with the pause, and each
nation's bank holidays move the last day to the next working day."""

from __future__ import annotations

from datetime import date

import pytest

from subject_access.deadlines import Clock, Fact, FactKind

ENG, SCT, NIR = "ENG", "SCT", "NIR"
K = FactKind


def _facts(start: date, *pauses, identity: date | None = None, extended=()) -> list[Fact]:
    facts = [Fact(K.RECEIVED, start), Fact(K.IDENTITY, identity or start)]
    for asked, answered in pauses:
        facts.append(Fact(K.CLARIFICATION_ASKED, asked))
        if answered:
            facts.append(Fact(K.CLARIFICATION_RECEIVED, answered))
    facts += [Fact(K.EXTENDED, told, months) for told, months in extended]
    return facts


D = date
CASES = [
    # (id, facts, nation, paused days, due, tell of an extension by)
    (
        # 2 Apr + 4 paused days = Easter Monday 6 Apr (England) -> Tuesday; restarting the
        # month from the answer (the old, wrong rule) would have given 23 April
        "pause-4-days-easter-monday-eng",
        _facts(D(2026, 3, 2), (D(2026, 3, 20), D(2026, 3, 23))),
        ENG,
        4,
        D(2026, 4, 7),
        D(2026, 4, 7),
    ),
    (  # Easter Monday is not a bank holiday in Scotland
        "pause-4-days-easter-monday-sct",
        _facts(D(2026, 3, 2), (D(2026, 3, 20), D(2026, 3, 23))),
        SCT,
        4,
        D(2026, 4, 6),
        D(2026, 4, 6),
    ),
    (
        "pause-4-days-easter-monday-nir",
        _facts(D(2026, 3, 2), (D(2026, 3, 20), D(2026, 3, 23))),
        NIR,
        4,
        D(2026, 4, 7),
        D(2026, 4, 7),
    ),
    (  # asked and answered on the day the clock started: that one day does not count
        "same-day-pause-good-friday-eng",
        _facts(D(2026, 3, 2), (D(2026, 3, 2), D(2026, 3, 2))),
        ENG,
        1,
        D(2026, 4, 7),  # 3 Apr Good Friday, 6 Apr Easter Monday
        D(2026, 4, 7),
    ),
    (
        "same-day-pause-good-friday-sct",
        _facts(D(2026, 3, 2), (D(2026, 3, 2), D(2026, 3, 2))),
        SCT,
        1,
        D(2026, 4, 6),
        D(2026, 4, 6),
    ),
    (  # 10 Mar + 7 = Tuesday 17 March: St Patrick's Day in Northern Ireland only
        "pause-7-days-st-patrick-nir",
        _facts(D(2026, 2, 10), (D(2026, 2, 12), D(2026, 2, 18))),
        NIR,
        7,
        D(2026, 3, 18),
        D(2026, 3, 18),
    ),
    (
        "pause-7-days-st-patrick-eng",
        _facts(D(2026, 2, 10), (D(2026, 2, 12), D(2026, 2, 18))),
        ENG,
        7,
        D(2026, 3, 17),
        D(2026, 3, 17),
    ),
    (  # 25 Dec + 8 = Friday 2 January 2026: a bank holiday in Scotland only
        "pause-8-days-2-january-sct",
        _facts(D(2025, 11, 25), (D(2025, 12, 1), D(2025, 12, 8))),
        SCT,
        8,
        D(2026, 1, 5),
        D(2026, 1, 5),
    ),
    (
        "pause-8-days-2-january-eng",
        _facts(D(2025, 11, 25), (D(2025, 12, 1), D(2025, 12, 8))),
        ENG,
        8,
        D(2026, 1, 2),
        D(2026, 1, 2),
    ),
    (  # 20 Aug + 10 = Sunday 30 Aug; Monday 31 Aug is England's summer bank holiday
        "pause-10-days-august-eng",
        _facts(D(2026, 7, 20), (D(2026, 7, 22), D(2026, 7, 31))),
        ENG,
        10,
        D(2026, 9, 1),
        D(2026, 9, 1),
    ),
    (  # ... but not Scotland's (theirs is the first Monday of August)
        "pause-10-days-august-sct",
        _facts(D(2026, 7, 20), (D(2026, 7, 22), D(2026, 7, 31))),
        SCT,
        10,
        D(2026, 8, 31),
        D(2026, 8, 31),
    ),
    (  # 2 Aug + 1 = Monday 3 August: Scotland's summer bank holiday
        "pause-1-day-august-sct",
        _facts(D(2026, 7, 2), (D(2026, 7, 6), D(2026, 7, 6))),
        SCT,
        1,
        D(2026, 8, 4),
        D(2026, 8, 4),
    ),
    (
        "pause-1-day-august-eng",
        _facts(D(2026, 7, 2), (D(2026, 7, 6), D(2026, 7, 6))),
        ENG,
        1,
        D(2026, 8, 3),
        D(2026, 8, 3),
    ),
    (  # 25 Dec + 2 = Sunday 27 Dec; Monday 28 Dec is Boxing Day's substitute
        "pause-2-days-christmas-eng",
        _facts(D(2026, 11, 25), (D(2026, 12, 1), D(2026, 12, 2))),
        ENG,
        2,
        D(2026, 12, 29),
        D(2026, 12, 29),
    ),
    (  # no corresponding day: the month's last day (Saturday 28 Feb) + 3 paused days
        "short-month-then-pause",
        _facts(D(2026, 1, 31), (D(2026, 2, 2), D(2026, 2, 4))),
        ENG,
        3,
        D(2026, 3, 3),
        D(2026, 3, 3),
    ),
    (
        "two-pauses-add-up",
        _facts(D(2026, 1, 5), (D(2026, 1, 6), D(2026, 1, 7)), (D(2026, 1, 12), D(2026, 1, 16))),
        ENG,
        7,
        D(2026, 2, 12),
        D(2026, 2, 12),
    ),
    (  # three months from the start, and the notice date moves with the pause too
        "pause-then-two-month-extension",
        _facts(D(2026, 1, 5), (D(2026, 1, 6), D(2026, 1, 7)), extended=[(D(2026, 1, 20), 2)]),
        ENG,
        2,
        D(2026, 4, 7),  # three months: 5 Apr + 2 = Tuesday 7 April
        D(2026, 2, 9),  # 5 Feb + 2 = Saturday 7 February
    ),
    (  # a pause begun after the first month moves the due date, not the notice date
        "pause-after-the-first-month",
        _facts(D(2026, 1, 5), (D(2026, 2, 10), D(2026, 2, 12)), extended=[(D(2026, 1, 20), 1)]),
        ENG,
        3,
        D(2026, 3, 9),  # 5 Mar + 3 = Sunday 8 March
        D(2026, 2, 5),
    ),
    (  # the month begins with the later arrival of the identity information asked for
        "identity-later-no-pause",
        _facts(D(2026, 3, 2), identity=D(2026, 3, 9)),
        ENG,
        0,
        D(2026, 4, 9),
        D(2026, 4, 9),
    ),
]


@pytest.mark.parametrize(
    ("facts", "nation", "paused", "due", "notice_by"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_clock_from_its_facts(facts, nation, paused, due, notice_by):
    clock = Clock.read(facts, nation=nation, as_of=D(2026, 12, 31))
    assert clock.paused_days == paused
    assert clock.due_on == due
    assert clock.extension_notice_by() == notice_by


def test_the_facts_may_come_in_any_order():
    facts = _facts(D(2026, 3, 2), (D(2026, 3, 20), D(2026, 3, 23)))
    clock = Clock.read(reversed(facts), nation=ENG, as_of=D(2026, 12, 31))
    assert clock.due_on == D(2026, 4, 7)


def test_while_paused_there_is_no_due_date_only_what_it_would_be():
    facts = _facts(D(2026, 3, 2), (D(2026, 3, 20), None))
    clock = Clock.read(facts, nation=ENG, as_of=D(2026, 3, 25))
    assert clock.paused and clock.paused_since == D(2026, 3, 20)
    assert clock.due_on is None
    assert clock.paused_days == 6  # 20 to 25 March, both included
    assert clock.due_if_answered_today == D(2026, 4, 8)  # 2 Apr + 6
    assert clock.extension_notice_by() == D(2026, 4, 8)  # at the earliest
    assert clock.extension_notice_by(through=D(2026, 3, 30)) == D(2026, 4, 13)  # 2 Apr + 11


def test_the_clock_waits_for_the_identity_information():
    clock = Clock.read([Fact(K.RECEIVED, D(2026, 3, 2))], nation=ENG, as_of=D(2026, 3, 9))
    assert not clock.started and clock.due_on is None and clock.extension_notice_by() is None
