"""The disclosure lists page, in a stable order, in a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import make_client, signed_in
from tests.disclosures.builders import at_state
from tests.paging import check_pages

SIZE = 2


@pytest.fixture(autouse=True)
def _small_pages(settings):
    settings.LIST_PAGE_SIZE = SIZE


def _own(html: str) -> int:
    return len(re.findall(r'href="/disclosures/[0-9a-f-]{36}/"', html))


def test_a_therapists_own_requests_page_in_fixed_queries(
    therapist, supervisor, supervision, client_a, django_assert_max_num_queries
):
    browser = signed_in(therapist)
    url = reverse("disclosure_list")
    for _ in range(3):
        at_state("draft", therapist, supervisor, make_client(therapist))
    with django_assert_max_num_queries(12):
        browser.get(url)
    check_pages(browser, url, rows=3, size=SIZE, count=_own)
    for _ in range(4):
        at_state("draft", therapist, supervisor, make_client(therapist))
    with django_assert_max_num_queries(12):
        page = browser.get(url, {"page": 2}).content.decode()
    assert _own(page) == SIZE
    check_pages(browser, url, rows=7, size=SIZE, count=_own)


def test_the_review_queue_pages_overdue_first_in_fixed_queries(
    therapist, supervisor, supervision, client_a, django_assert_max_num_queries
):
    browser = signed_in(supervisor)
    url = reverse("supervisor_dashboard")
    for _ in range(3):
        at_state("submitted", therapist, supervisor, client_a)
    with django_assert_max_num_queries(12):
        browser.get(url)
    waiting = lambda html: html.count("Waiting for the supervisor")  # noqa: E731
    check_pages(browser, url, rows=3, size=SIZE, count=waiting)
    for _ in range(4):
        at_state("submitted", therapist, supervisor, client_a)
    emergency = at_state("emergency_review", therapist, supervisor, client_a)
    with django_assert_max_num_queries(12):
        first = browser.get(url).content.decode()
    # The emergency review, sent last, still comes first; the rest wait oldest first.
    assert first.index(str(emergency.ref)) < first.index("Waiting for the supervisor")
    assert waiting(first) == SIZE - 1
    seen = []
    for number in range(1, 5):
        html = browser.get(url, {"page": number}).content.decode()
        seen += [part.split('"')[0] for part in html.split("/reviews/requests/")[1:]]
    assert len(seen) == len(set(seen)) == 8  # every request once, none repeated across pages


def test_the_decided_list_pages_in_fixed_queries(
    therapist, supervisor, supervision, client_a, django_assert_max_num_queries
):
    browser = signed_in(supervisor)
    url = reverse("reviews_decided")
    for _ in range(3):
        at_state("approved", therapist, supervisor, client_a)
    with django_assert_max_num_queries(10):
        browser.get(url)
    approved = lambda html: html.count('badge-ok">Approved')  # noqa: E731
    check_pages(browser, url, rows=3, size=SIZE, count=approved)
    for _ in range(4):
        at_state("approved", therapist, supervisor, client_a)
    with django_assert_max_num_queries(10):
        page = browser.get(url, {"page": 3}).content.decode()
    assert approved(page) == SIZE
    check_pages(browser, url, rows=7, size=SIZE, count=approved)
