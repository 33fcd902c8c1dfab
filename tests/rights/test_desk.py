"""The admin's desk (issue 23, item 5): every open subject access request, complaint and
breach in one list, nearest statutory deadline first, with the time left and what is
needed next; linked from the admin dashboard, whose breach card shows each 72-hour clock;
its query count does not grow with what is open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import reset_queries
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_client, signed_in
from tests.rights.builders import breach_found, breach_reported, logged
from tests.subject_access.builders import log_request

pytestmark = pytest.mark.django_db(databases="__all__")


def test_everything_open_is_listed_by_the_nearest_deadline(admin_user, therapist):
    today = timezone.localdate()
    client = make_client(therapist)
    sar = log_request(admin_user, client, received_on=today - timedelta(days=2))
    complaint_due_soon = logged(admin_user, received_on=today - timedelta(days=27))  # 3 days
    complaint_overdue = logged(admin_user, received_on=today - timedelta(days=32))
    breach = breach_found(admin_user, hours_ago=30)  # 42 hours left: nearest of the dated
    reported = breach_reported(admin_user)  # no running clock: after the dated ones
    page = signed_in(admin_user).get(reverse("desk")).content.decode()
    order = [
        complaint_overdue.reference,
        breach.reference,
        complaint_due_soon.reference,
        sar.reference,
        reported.reference,
    ]
    positions = [page.index(reference) for reference in order]
    assert positions == sorted(positions), order
    assert "Overdue by 2 days" in page
    assert "41 hours left" in page  # whole hours: 41 and some minutes
    assert "3 days left" in page
    assert "Assess the risk and decide whether to report it" in page
    assert "Acknowledge it" in page
    assert reverse("breach_detail", kwargs={"ref": breach.ref}) in page
    assert reverse("sar_detail", kwargs={"ref": sar.ref}) in page


def test_the_desk_keeps_its_query_count_as_items_grow(
    admin_user, therapist, django_assert_max_num_queries
):
    browser = signed_in(admin_user)

    def counted() -> int:
        browser.get(reverse("desk"))
        reset_queries()
        with django_assert_max_num_queries(40) as page:
            browser.get(reverse("desk"))
        return len(page.captured_queries)

    log_request(admin_user, make_client(therapist))
    logged(admin_user)
    breach_found(admin_user)
    few = counted()
    for _ in range(3):
        log_request(admin_user, make_client(therapist))
        logged(admin_user)
        breach_found(admin_user)
        breach_reported(admin_user)
    assert counted() == few


def test_the_admin_dashboard_links_the_desk_and_shows_each_breach_clock(admin_user):
    overdue = breach_found(admin_user, hours_ago=74)
    page = signed_in(admin_user).get(reverse("admin_dashboard")).content.decode()
    assert reverse("desk") in page and reverse("breach_list") in page
    assert overdue.reference in page and "ICO report overdue by 2 hours" in page
