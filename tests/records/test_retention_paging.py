"""The retention pages: each list paged on its own, in a fixed number of queries, and the
database's idea of "held" the same as the reasons each file gives."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from clients import services as client_services
from records import disposal, holds
from records.models import CaseFile, LegalHold
from tests.conftest import case_file_of, make_client, make_staff, signed_in
from tests.disclosures.builders import at_state
from tests.paging import check_pages
from tests.subject_access.builders import log_request

SIZE = 2


@pytest.fixture(autouse=True)
def _small_pages(settings):
    settings.LIST_PAGE_SIZE = SIZE


def _ended(therapist, last_contact=date(2015, 3, 1)):
    client = make_client(therapist)
    client_services.client_end_therapy(actor=therapist, client=client, last_contact_on=last_contact)
    return client


def test_the_held_filter_names_the_files_that_give_a_reason(therapist, admin_user):
    supervisor = make_staff("sup", "supervisor")
    clients = [_ended(therapist) for _ in range(6)]
    holds.legal_hold_place(actor=admin_user, case_file=case_file_of(clients[0]), kind="court")
    lifted = holds.legal_hold_place(
        actor=admin_user, case_file=case_file_of(clients[1]), kind="court"
    )
    holds.legal_hold_lift(actor=admin_user, hold=lifted)
    at_state("draft", therapist, supervisor, clients[2])  # an open disclosure request
    at_state("withdrawn", therapist, supervisor, clients[3])  # a finished one holds nothing
    log_request(admin_user, clients[4])  # an open subject access request
    held = set(CaseFile.objects.filter(holds.held()).values_list("record_ref", flat=True))
    for case_file in CaseFile.objects.all():
        assert (case_file.record_ref in held) == bool(holds.reasons_for(case_file))
    assert held == {clients[n].record_ref for n in (0, 2, 4)}


def _refs(html: str, refs: list[str]) -> int:
    return sum(html.count(ref) for ref in refs)


def test_each_overview_list_pages_on_its_own_in_fixed_queries(
    therapist, admin_user, django_assert_max_num_queries
):
    browser = signed_in(admin_user)
    url = reverse("retention_overview")

    def grow(count: int) -> None:
        for _ in range(count):
            _ended(therapist)  # due
            kept = _ended(therapist)
            holds.legal_hold_place(actor=admin_user, case_file=case_file_of(kept), kind="court")
            gone = _ended(therapist)
            disposal.dispose_due(actor=admin_user, record_refs=[gone.record_ref])

    grow(3)
    with django_assert_max_num_queries(20):
        browser.get(url)
    grow(4)
    with django_assert_max_num_queries(20):
        page = browser.get(url, {"held_page": 2, "since": "2000-01-01"}).content.decode()
    assert "Due for disposal now (7)" in page and "Held (7)" in page
    assert 'href="?held_page=3&amp;since=2000-01-01"' in page  # the filter kept
    due_refs = [c.case_file.record_ref for c in disposal.due_case_files() if not c.held_because]
    held_refs = list(LegalHold.objects.values_list("case_file__record_ref", flat=True))
    check_pages(
        browser, url, rows=7, size=SIZE, count=lambda h: _refs(h, due_refs), param="due_page"
    )
    check_pages(
        browser, url, rows=7, size=SIZE, count=lambda h: _refs(h, held_refs), param="held_page"
    )


def test_the_holds_page_pages_holds_in_force_and_lifted_ones(
    therapist, admin_user, django_assert_max_num_queries
):
    browser = signed_in(admin_user)
    url = reverse("legal_holds")

    def grow(count: int) -> None:
        for _ in range(count):
            kept, freed = case_file_of(_ended(therapist)), case_file_of(_ended(therapist))
            holds.legal_hold_place(actor=admin_user, case_file=kept, kind="court")
            hold = holds.legal_hold_place(actor=admin_user, case_file=freed, kind="complaint")
            holds.legal_hold_lift(actor=admin_user, hold=hold)

    grow(3)
    with django_assert_max_num_queries(12):
        browser.get(url)
    grow(4)
    with django_assert_max_num_queries(12):
        browser.get(url, {"lifted_page": 4})
    lift_buttons = lambda html: html.count("Lift the hold on")  # noqa: E731
    check_pages(browser, url, rows=7, size=SIZE, count=lift_buttons, param="in_force_page")
    check_pages(
        browser,
        url,
        rows=7,
        size=SIZE,
        count=lambda h: h.count(f"by {admin_user.display_name}</td></tr>"),
        param="lifted_page",
    )
