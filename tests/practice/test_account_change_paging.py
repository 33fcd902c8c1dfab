"""The account changes list: the same people as the rule, paged, in fixed queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from practice import account_changes, services
from practice.models import AccountChange
from practice.roles import Role
from tests.conftest import TESTS, make_staff, signed_in
from tests.paging import check_pages

SIZE = 2


@pytest.fixture(autouse=True)
def _small_pages(settings):
    settings.LIST_PAGE_SIZE = SIZE


@pytest.fixture
def admin2(db):
    return make_staff("admin2", Role.ADMIN)


def _ask(admin, supervisor, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        member = make_staff(f"counsellor{n}", Role.THERAPIST)
        services.supervision_start(actor=TESTS, therapist=member, supervisor=supervisor)
        account_changes.account_change_request(actor=admin, account=member, kind="password")


def _approvable(html: str) -> int:
    return html.count("/approve/")


def test_the_list_holds_exactly_whom_the_rule_lets_decide_or_withdraw(
    admin_user, admin2, supervisor, therapist
):
    _ask(admin_user, supervisor, 2)
    other_supervisor = make_staff("othersup", Role.SUPERVISOR)
    both = make_staff("both", Role.ADMIN, Role.SUPERVISOR)
    account_changes.account_change_request(actor=admin2, account=both, kind="password")
    for actor in (admin_user, admin2, supervisor, other_supervisor, both, therapist):
        expected = {
            change.pk
            for change in AccountChange.objects.filter(status="pending")
            if account_changes.can_approve(actor, change)
            or account_changes.can_cancel(actor, change)
        }
        assert {change.pk for change in account_changes.pending_for(actor)} == expected
    assert not account_changes.pending_for(other_supervisor).exists()
    assert account_changes.pending_for(supervisor).count() == 2


@pytest.mark.parametrize("viewer", ["admin2", "supervisor"])
def test_the_list_pages_in_fixed_queries(
    viewer, admin_user, admin2, supervisor, django_assert_max_num_queries
):
    browser = signed_in(admin2 if viewer == "admin2" else supervisor)
    url = reverse("account_change_list")
    _ask(admin_user, supervisor, 3)
    with django_assert_max_num_queries(9):
        browser.get(url)
    check_pages(browser, url, rows=3, size=SIZE, count=_approvable)
    _ask(admin_user, supervisor, 6, start=3)
    with django_assert_max_num_queries(9):
        page = browser.get(url, {"page": 2}).content.decode()
    assert _approvable(page) == SIZE
    check_pages(browser, url, rows=9, size=SIZE, count=_approvable)


def test_the_requester_sees_their_own_request_to_withdraw_on_the_list(admin_user, supervisor):
    _ask(admin_user, supervisor, 1)
    page = signed_in(admin_user).get(reverse("account_change_list")).content.decode()
    assert "/cancel/" in page and _approvable(page) == 0
