"""The admin dashboard counts accounts in the database, however many staff there are."""

import pytest
from django.urls import reverse

from practice import services
from tests.conftest import make_staff, signed_in

pytestmark = pytest.mark.django_db


def _staff_line(admin) -> str:
    html = signed_in(admin).get(reverse("admin_dashboard")).content.decode()
    return html.split('id="staff-heading">Staff</h2>', 1)[1].split("</p>", 1)[0]


def test_the_staff_card_counts_active_and_deactivated_accounts(admin_user, therapist):
    assert "2 active accounts." in _staff_line(admin_user)
    services.staff_set_active(actor=admin_user, user=therapist, active=False)
    assert "1 active account, 1 deactivated." in _staff_line(admin_user)


@pytest.mark.parametrize("extra", [2, 20])
def test_the_dashboard_makes_the_same_queries_for_ten_times_the_staff(
    admin_user, extra, django_assert_max_num_queries
):
    for number in range(extra):
        make_staff(f"therapist{number}", "therapist")
    browser = signed_in(admin_user)
    browser.get(reverse("admin_dashboard"))
    # One more than the staff card's own: the breach card's open breaches, in one query.
    with django_assert_max_num_queries(7):
        assert browser.get(reverse("admin_dashboard")).status_code == 200
