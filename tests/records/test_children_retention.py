"""Children's records (issue 24, item 7): the Code's 25th and 26th birthdays, an age given
without a date of birth, and a file whose client's age nobody knows, held until an admin
confirms the adult period applies."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients import services as client_services
from clients.models import Client
from practice.models import AuditEvent, PracticeProfile
from records import disposal, retention
from records.audit_actions import Action
from records.models import Tombstone
from records.retention import Policy, add_years, child_keep_until, child_keep_until_by_age
from tests.conftest import case_file_of, make_client, signed_in

DEFAULT = Policy(years_adult=7, until_age_child=25)


@pytest.mark.parametrize(
    ("last_contact", "age", "policy", "expected", "basis"),
    [
        # "18 or over": the adult period
        (date(2020, 5, 10), 18, DEFAULT, date(2027, 5, 10), "adult"),
        # 17: born at the latest 17 years before, so the 26th birthday is at most 9 years on
        (date(2020, 5, 10), 17, DEFAULT, date(2029, 5, 10), "child"),
        # 16 (perhaps 17 by the end): the same latest date, 25 - 16 = 26 - 17
        (date(2020, 5, 10), 16, DEFAULT, date(2029, 5, 10), "child"),
        (date(2020, 5, 10), 10, DEFAULT, date(2035, 5, 10), "child"),
        # never less than the adult period
        (date(2020, 5, 10), 15, Policy(20, 25), date(2040, 5, 10), "child"),
        # a practice's later age
        (date(2020, 5, 10), 17, Policy(7, 30), date(2034, 5, 10), "child"),
        # a last contact on 29 February: 1 March in a common year
        (date(2024, 2, 29), 17, DEFAULT, date(2033, 3, 1), "child"),
    ],
)
def test_retention_date_from_an_age_without_a_date_of_birth(
    therapist, last_contact, age, policy, expected, basis
):
    client = make_client(therapist, date_of_birth=None, age_if_no_birth_date=age)
    case_file = case_file_of(client)
    case_file.closed_on = case_file.last_contact_on = case_file.opened_on = last_contact
    assert retention.computed([case_file], policy)[case_file.record_ref] == (expected, basis)


def test_an_age_never_keeps_records_for_less_than_the_date_of_birth_would():
    """For every birth date over four years either side of two leap days, the date from the
    age at the last contact is never earlier than the date from the birth date itself."""
    for last_contact in (date(2024, 2, 29), date(2025, 3, 1)):
        born = date(last_contact.year - 20, 1, 1)
        while born < date(last_contact.year - 12, 12, 31):
            age = retention.age_on(born, last_contact)
            by_birth = child_keep_until(born_on=born, last_contact_on=last_contact, policy=DEFAULT)
            by_age = child_keep_until_by_age(age=age, last_contact_on=last_contact, policy=DEFAULT)
            assert (by_birth is None) == (by_age is None), (born, last_contact)
            if by_birth is not None:
                assert by_age >= by_birth, (born, last_contact)
            born += timedelta(days=1)


# -- a file whose client's age is not known ---------------------------------------------


def _ended_long_ago(therapist, **values) -> Client:
    client = make_client(therapist, **values)
    last = add_years(date.today(), -9)
    client_services.client_end_therapy(actor=therapist, client=client, last_contact_on=last)
    return client


def test_a_file_whose_age_is_unknown_is_held_until_an_admin_confirms(therapist, admin_user):
    client = _ended_long_ago(therapist, date_of_birth=None)
    case_file = case_file_of(client)
    assert case_file.retention_basis == "unknown"
    assert case_file.retain_until < date.today()  # past the adult period

    outcomes = disposal.dispose_due(actor=admin_user)
    assert outcomes[0].refused.startswith("The case file is held")
    assert "age at the end of therapy is not known" in outcomes[0].refused
    assert not case_file_of(client).is_shredded

    admin = signed_in(admin_user)
    page = admin.get(reverse("retention_overview")).content.decode()
    assert "Age not known (1)" in page
    assert case_file.record_ref in page
    response = admin.post(reverse("adult_rule_confirm", args=[case_file.record_ref]))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.ADULT_RULE_CONFIRMED)
    assert event.target_ref == case_file.record_ref
    assert "Age not known (0)" in admin.get(reverse("retention_overview")).content.decode()

    (outcome,) = disposal.dispose_due(actor=admin_user)
    assert outcome.tombstone is not None
    assert "age not known" in Tombstone.objects.get(record_ref=case_file.record_ref).policy_applied


def test_confirming_twice_or_a_known_age_is_refused_with_a_message(therapist, admin_user):
    unknown = _ended_long_ago(therapist, date_of_birth=None)
    known = _ended_long_ago(therapist)
    admin = signed_in(admin_user)
    admin.post(reverse("adult_rule_confirm", args=[unknown.record_ref]))
    again = admin.post(reverse("adult_rule_confirm", args=[unknown.record_ref]), follow=True)
    assert "already confirmed" in again.content.decode()
    adult = admin.post(reverse("adult_rule_confirm", args=[known.record_ref]), follow=True)
    assert "nothing to confirm" in adult.content.decode()
    assert AuditEvent.objects.filter(action=Action.ADULT_RULE_CONFIRMED).count() == 1
    assert admin.post(reverse("adult_rule_confirm", args=["R-NOSUCHFILE"])).status_code == 404


def test_adding_the_date_of_birth_later_keeps_a_childs_file_longer(therapist, admin_user):
    client = _ended_long_ago(therapist, date_of_birth=None)
    born = add_years(date.today(), -24)  # 15 at the last contact, nine years ago
    client_services.client_update(actor=therapist, client=client, values={"date_of_birth": born})
    case_file = case_file_of(client)
    assert (case_file.retain_until, case_file.retention_basis) == (add_years(born, 25), "child")
    assert disposal.dispose_due(actor=admin_user) == []


def test_disposal_decides_by_the_rule_as_it_is_now_not_a_stored_date(therapist, admin_user):
    """A date stored under an older rule (a 17-year-old kept to the 25th) never lets the
    file go before the 26th birthday."""
    born = add_years(date.today(), -25) - timedelta(days=30)  # 25 last month
    client = make_client(therapist, date_of_birth=born)
    last = add_years(born, 17) + timedelta(days=10)  # 17 at the last contact
    client_services.client_end_therapy(actor=therapist, client=client, last_contact_on=last)
    case_file = case_file_of(client)
    assert case_file.retain_until == add_years(born, 26)
    type(case_file).objects.filter(pk=case_file.pk).update(retain_until=add_years(born, 25))

    with pytest.raises(disposal.DisposalRefused, match="Not due yet"):
        disposal.case_file_dispose(
            actor=admin_user, case_file=case_file_of(client), reason=disposal.Reason.RETENTION_ENDED
        )


# -- what needs a date of birth ---------------------------------------------------------


def test_a_person_with_parental_responsibility_needs_the_clients_age(therapist):
    client = make_client(therapist, date_of_birth=None)
    response = signed_in(therapist).post(
        reverse("parent_add", args=[client.ref]),
        {"name": "Ada Parent", "relationship": "Mother"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Not added. Give the client&#x27;s date of birth first" in response.content.decode()
    assert not client.parents.exists()

    client_services.client_update(
        actor=therapist, client=client, values={"age_if_no_birth_date": 14}
    )
    client_services.parent_add(
        actor=therapist, client=client, values={"name": "Ada Parent", "relationship": "Mother"}
    )
    with pytest.raises(ValidationError, match="parental responsibility"):
        client_services.client_update(
            actor=therapist, client=client, values={"age_if_no_birth_date": None}
        )


def test_the_client_form_refuses_both_a_date_of_birth_and_an_age(therapist):
    client = make_client(therapist)
    response = signed_in(therapist).post(
        reverse("client_edit", args=[client.ref]),
        {
            "given_name": "Marta",
            "family_name": "Testclient",
            "email": "marta@example.invalid",
            "preferred_contact": "email",
            "status": "active",
            "date_of_birth": "2010-01-01",
            "age_if_no_birth_date": "15",
        },
    )
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert Client.objects.get(pk=client.pk).date_of_birth == date(1985, 6, 1)


def test_ending_therapy_without_an_age_warns_the_therapist(therapist):
    client = make_client(therapist, date_of_birth=None)
    page = signed_in(therapist).get(reverse("client_end", args=[client.ref])).content.decode()
    assert "have not given" in page and "date of birth or age" in page


@pytest.mark.parametrize("age", ["24", "18"])
def test_the_policy_never_keeps_a_childs_records_less_than_the_code(admin_user, age):
    response = signed_in(admin_user).post(
        reverse("retention_policy"), {"years_adult": 7, "until_age_child": age}
    )
    assert response.status_code == 200
    assert "greater than or equal to 25" in response.content.decode()
    assert PracticeProfile.load().retention_until_age_child == 25
    with pytest.raises(ValidationError, match="at least the 25th"):
        retention.retention_policy_update(
            actor=admin_user, years_adult=7, until_age_child=int(age), confirmed_newly_due=None
        )
