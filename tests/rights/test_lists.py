"""Lists that grow (issue 23): the closed complaints and the breach register are read a page
at a time (`practice.paging.page_of`, as the other working lists are), so the pages' query
counts stay the same as rows grow, and every row is reachable by the page links."""

from __future__ import annotations

import re

import pytest
from django.db import reset_queries
from django.urls import reverse

from rights import services
from tests.conftest import signed_in
from tests.rights.builders import breach_found, breach_reported, closed

PAGE = 2


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.LIST_PAGE_SIZE = PAGE


def _closed_breach(admin):
    breach = breach_reported(admin)
    services.breach_remediate(
        actor=admin, breach=breach, remediation="Encrypted.", done_for_client="Encrypted."
    )
    breach.refresh_from_db()
    return services.breach_close(actor=admin, breach=breach)


def _refs(html: str, prefix: str) -> list[str]:
    return re.findall(rf">({prefix}-[A-Z0-9]{{8}})</a>", html)


def _queries(browser, url, django_assert_max_num_queries) -> int:
    browser.get(url)
    reset_queries()
    with django_assert_max_num_queries(40) as page:
        browser.get(url)
    return len(page.captured_queries)


def test_closed_complaints_come_a_page_at_a_time(admin_user):
    made = [closed(admin_user).reference for _ in range(PAGE * 2 + 1)]
    browser = signed_in(admin_user)
    url = reverse("complaint_desk")
    first = browser.get(url).content.decode()
    assert f"Closed ({len(made)})" in first and "Page 1 of 3" in first
    assert 'href="?closed_page=2"' in first
    seen = []
    for number in (1, 2, 3):
        html = browser.get(url, {"closed_page": number}).content.decode()
        seen += _refs(html, "CMP")
    assert sorted(seen) == sorted(made)  # each once, none left out
    past_the_end = browser.get(url, {"closed_page": "99"}).content.decode()
    assert "Page 3 of 3" in past_the_end
    assert browser.get(url, {"closed_page": "x"}).status_code == 200


def test_the_complaints_page_keeps_its_query_count_as_closed_ones_grow(
    admin_user, django_assert_max_num_queries
):
    browser = signed_in(admin_user)
    url = reverse("complaint_desk")
    closed(admin_user)
    few = _queries(browser, url, django_assert_max_num_queries)
    for _ in range(PAGE * 3):
        closed(admin_user)
    assert _queries(browser, url, django_assert_max_num_queries) == few


def test_the_breach_register_comes_a_page_at_a_time(admin_user):
    open_ones = [breach_found(admin_user).reference for _ in range(PAGE + 1)]
    closed_ones = [_closed_breach(admin_user).reference for _ in range(PAGE + 1)]
    browser = signed_in(admin_user)
    url = reverse("breach_list")
    first = browser.get(url).content.decode()
    assert f"Closed ({len(closed_ones)})" in first
    assert 'href="?open_page=2"' in first and 'href="?closed_page=2"' in first
    second = browser.get(url, {"open_page": 2, "closed_page": 2}).content.decode()
    assert sorted(_refs(first, "BR") + _refs(second, "BR")) == sorted(open_ones + closed_ones)
    # A page link keeps the other list's page.
    assert 'href="?open_page=1&amp;closed_page=2"' in second


def test_the_register_keeps_its_query_count_as_closed_breaches_grow(
    admin_user, django_assert_max_num_queries
):
    browser = signed_in(admin_user)
    url = reverse("breach_list")
    breach_found(admin_user)
    _closed_breach(admin_user)
    few = _queries(browser, url, django_assert_max_num_queries)
    for _ in range(PAGE * 2):
        breach_found(admin_user)
        _closed_breach(admin_user)
    assert _queries(browser, url, django_assert_max_num_queries) == few
