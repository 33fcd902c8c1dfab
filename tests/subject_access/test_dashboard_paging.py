"""The subject access dashboard reaches every closed request, a page at a time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import make_client, signed_in
from tests.paging import check_pages
from tests.subject_access.builders import log_request, refused

SIZE = 2


@pytest.fixture(autouse=True)
def _small_pages(settings):
    settings.LIST_PAGE_SIZE = SIZE


def _refused(admin, therapist, count: int) -> list:
    sars = []
    for _ in range(count):
        sar = log_request(admin, make_client(therapist))
        sars.append(refused(admin, sar))
    return sars


def _closed_rows(html: str) -> int:
    return html.count(", refused")


def test_older_closed_requests_are_reached_by_pages_in_fixed_queries(
    admin_user, therapist, django_assert_max_num_queries
):
    browser = signed_in(admin_user)
    url = reverse("sar_dashboard")
    oldest = _refused(admin_user, therapist, 3)[0]
    log_request(admin_user, make_client(therapist))  # an open one stays on every page
    with django_assert_max_num_queries(10):
        browser.get(url)
    check_pages(browser, url, rows=3, size=SIZE, count=_closed_rows, param="closed_page")
    _refused(admin_user, therapist, 20)
    with django_assert_max_num_queries(10):
        last = browser.get(url, {"closed_page": 12}).content.decode()
    assert "Closed (23)" in last
    assert oldest.reference in last  # the 23rd, out of reach before
    check_pages(browser, url, rows=23, size=SIZE, count=_closed_rows, param="closed_page")
