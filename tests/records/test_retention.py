"""Retention dates: adults, children at the last contact, leap days and policy changes."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients import services as client_services
from practice.models import AuditEvent, PracticeProfile
from records import retention
from records import services as record_services
from records.audit_actions import Action
from records.retention import Policy
from tests.conftest import case_file_of, make_client, signed_in

DEFAULT = Policy(years_adult=7, until_age_child=25)


@pytest.mark.parametrize(
    ("last_contact", "born", "policy", "expected", "basis"),
    [
        # age not known: the adult period, and held until an admin confirms it
        (date(2020, 5, 10), None, DEFAULT, date(2027, 5, 10), "unknown"),
        # adults: the adult period after the last contact
        (date(2020, 5, 10), date(1980, 1, 1), DEFAULT, date(2027, 5, 10), "adult"),
        (date(2020, 5, 10), date(1980, 1, 1), Policy(10, 25), date(2030, 5, 10), "adult"),
        # 18 on the day of the last contact: an adult
        (date(2020, 5, 10), date(2002, 5, 10), DEFAULT, date(2027, 5, 10), "adult"),
        # 17 at the last contact (18 the next day): until the 26th birthday (the Code)
        (date(2020, 5, 10), date(2002, 5, 11), DEFAULT, date(2028, 5, 11), "child"),
        # 17 on the day of the last contact: the 26th birthday
        (date(2020, 5, 10), date(2003, 5, 10), DEFAULT, date(2029, 5, 10), "child"),
        # 16 at the last contact (17 the next day): the 25th birthday
        (date(2020, 5, 10), date(2003, 5, 11), DEFAULT, date(2028, 5, 11), "child"),
        (date(2020, 5, 10), date(2010, 3, 3), DEFAULT, date(2035, 3, 3), "child"),
        # never less than the adult period: a long adult period outlasts the birthday
        (date(2020, 5, 10), date(2002, 12, 1), Policy(15, 25), date(2035, 5, 10), "child"),
        # a practice's later age: that birthday, and one more for a 17-year-old
        (date(2020, 5, 10), date(2010, 3, 3), Policy(7, 30), date(2040, 3, 3), "child"),
        (date(2020, 5, 10), date(2002, 5, 11), Policy(7, 30), date(2033, 5, 11), "child"),
        # leap days: a last contact on 29 February ends on 1 March of a common year
        (date(2024, 2, 29), None, DEFAULT, date(2031, 3, 1), "unknown"),
        (date(2024, 2, 29), date(1980, 1, 1), Policy(4, 25), date(2028, 2, 29), "adult"),
        # born on 29 February: the 25th birthday in a common year is 1 March
        (date(2020, 5, 10), date(2008, 2, 29), DEFAULT, date(2033, 3, 1), "child"),
        (date(2020, 5, 10), date(2008, 2, 29), Policy(7, 28), date(2036, 2, 29), "child"),
        # born on 29 February, 17 on 1 March 2025: 28 February is still 16 (the 25th)...
        (date(2025, 2, 28), date(2008, 2, 29), DEFAULT, date(2033, 3, 1), "child"),
        # ...and 1 March is 17 (the 26th)
        (date(2025, 3, 1), date(2008, 2, 29), DEFAULT, date(2034, 3, 1), "child"),
        # 18 on 1 March 2026: 28 February is still 17 (the 26th), 1 March an adult
        (date(2026, 2, 28), date(2008, 2, 29), DEFAULT, date(2034, 3, 1), "child"),
        (date(2026, 3, 1), date(2008, 2, 29), DEFAULT, date(2033, 3, 1), "adult"),
    ],
)
def test_retention_date(therapist, last_contact, born, policy, expected, basis):
    client = make_client(therapist, date_of_birth=born)
    case_file = case_file_of(client)
    case_file.closed_on = case_file.last_contact_on = last_contact
    case_file.opened_on = last_contact
    assert retention.computed([case_file], policy)[case_file.record_ref] == (expected, basis)


def test_an_open_case_file_has_no_retention_date(therapist):
    case_file = case_file_of(make_client(therapist))
    assert retention.computed([case_file], DEFAULT) == {}
    assert case_file.retain_until is None


def _session(therapist, case_file, day):
    return record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=day,
        start_time=time(10),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_ending_therapy_sets_the_date_and_a_later_session_moves_it(therapist):
    client = make_client(therapist, date_of_birth=date(1990, 1, 1))
    _session(therapist, case_file_of(client), date(2026, 5, 1))
    client_services.client_end_therapy(
        actor=therapist, client=client, last_contact_on=date(2026, 5, 1)
    )
    case_file = case_file_of(client)
    assert case_file.retain_until == date(2033, 5, 1)
    assert case_file.disposal_due_on == date(2033, 5, 2)
    _session(therapist, case_file, date(2026, 5, 20))  # recorded late
    assert case_file_of(client).retain_until == date(2033, 5, 20)


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_correcting_the_date_of_birth_recomputes_the_child_rule(therapist):
    client = make_client(therapist, date_of_birth=date(1990, 1, 1))
    client_services.client_end_therapy(
        actor=therapist, client=client, last_contact_on=date(2026, 5, 1)
    )
    assert case_file_of(client).retain_until == date(2033, 5, 1)
    client_services.client_update(
        actor=therapist, client=client, values={"date_of_birth": date(2010, 7, 7)}
    )
    case_file = case_file_of(client)
    assert (case_file.retain_until, case_file.retention_basis) == (date(2035, 7, 7), "child")


def test_the_client_page_shows_the_disposal_date(therapist):
    client = make_client(therapist)
    client_services.client_end_therapy(
        actor=therapist, client=client, last_contact_on=date(2026, 1, 10)
    )
    body = signed_in(therapist).get(reverse("client_detail", args=[client.ref])).content.decode()
    assert "Records kept until 10 Jan 2033" in body
    assert "disposed of from 11 Jan 2033" in body


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_a_policy_change_recomputes_every_closed_file_and_is_audited(therapist, admin_user):
    client = make_client(therapist)
    client_services.client_end_therapy(
        actor=therapist, client=client, last_contact_on=date(2024, 1, 1)
    )
    retention.retention_policy_update(
        actor=admin_user, years_adult=10, until_age_child=25, confirmed_newly_due=None
    )
    assert case_file_of(client).retain_until == date(2034, 1, 1)
    assert PracticeProfile.load().retention_years_adult == 10
    event = AuditEvent.objects.get(action=Action.POLICY_CHANGED)
    assert event.details["recomputed"] == 1


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_a_policy_change_that_makes_files_due_at_once_says_how_many_first(therapist, admin_user):
    for _ in range(2):
        client = make_client(therapist)
        client_services.client_end_therapy(
            actor=therapist, client=client, last_contact_on=date(2023, 1, 1)
        )
    browser = signed_in(admin_user)
    response = browser.post(reverse("retention_policy"), {"years_adult": 2, "until_age_child": 25})
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 case files would fall due at once" in body
    assert PracticeProfile.load().retention_years_adult == 7  # not saved yet
    assert case_file_of(client).retain_until == date(2030, 1, 1)
    with pytest.raises(ValidationError, match="make 2 case files due"):
        retention.retention_policy_update(
            actor=admin_user, years_adult=2, until_age_child=25, confirmed_newly_due=1
        )
    response = browser.post(
        reverse("retention_policy"),
        {"years_adult": 2, "until_age_child": 25, "confirmed_newly_due": 2},
    )
    assert response.status_code == 302
    assert PracticeProfile.load().retention_years_adult == 2
    assert case_file_of(client).retain_until == date(2025, 1, 1)
