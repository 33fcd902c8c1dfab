"""Signing in and out in a real browser: each role's landing page, failures, lockout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LOGIN_PATH = "/accounts/login/"
FAILURE_LIMIT = 5  # AXES_FAILURE_LIMIT's default


def on_login_page(base_url: str) -> re.Pattern[str]:
    return re.compile(re.escape(base_url + LOGIN_PATH) + r"(\?.*)?$")


@pytest.fixture
def reset_lockouts(manage):
    """Clear django-axes' failure counts afterwards.

    Every browser test comes from the same address and user agent, and axes also locks
    that pair, so failed sign-ins here would otherwise lock out the tests that follow.
    """
    yield
    manage("axes_reset")


@pytest.mark.parametrize(
    ("username", "path", "heading"),
    [
        ("therapist", "/caseload/", "Your caseload"),
        ("therapist2", "/caseload/", "Your caseload"),
        ("supervisor", "/reviews/", "Review queue"),
        ("admin", "/manage/", "Practice admin"),
    ],
)
def test_each_role_lands_on_its_dashboard(page, base_url, username, path, heading):
    sign_in(page, base_url, username, DEMO_PASSWORD, through_the_forms=True)

    expect(page).to_have_url(base_url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator(".signed-in-as")).to_have_text(f"Signed in as {username}")


def test_wrong_password_is_refused(page, base_url, reset_lockouts):
    sign_in(page, base_url, "therapist", "not-the-password-at-all")

    expect(page.get_by_role("heading", name="Sign-in failed")).to_be_visible()
    expect(page).to_have_url(on_login_page(base_url))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    # The username is kept; the password is not.
    expect(page.get_by_label("Username")).to_have_value("therapist")
    expect(page.get_by_label("Password")).to_have_value("")


def test_account_locks_after_repeated_failures(page, base_url, manage, reset_lockouts):
    manage("axes_reset")  # count from zero, whatever ran before
    for attempt in range(1, FAILURE_LIMIT):
        sign_in(page, base_url, "therapist2", f"wrong-password-{attempt}")
        expect(page.get_by_role("heading", name="Sign-in failed")).to_be_visible()

    sign_in(page, base_url, "therapist2", f"wrong-password-{FAILURE_LIMIT}")
    expect(page.get_by_role("heading", name="This account is locked for now")).to_be_visible()

    # Even the right password does not get in while the lock lasts.
    sign_in(page, base_url, "therapist2", DEMO_PASSWORD, through_the_forms=True)
    expect(page.get_by_role("heading", name="This account is locked for now")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto(f"{base_url}/caseload/")
    expect(page).to_have_url(on_login_page(base_url))

    # Once an admin clears the lock, the right password works again.
    manage("axes_reset")
    sign_in(page, base_url, "therapist2", DEMO_PASSWORD, through_the_forms=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")


def test_sign_out_ends_the_session(page, base_url):
    sign_in(page, base_url, "therapist", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(on_login_page(base_url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("Signed in as")).to_have_count(0)

    page.goto(f"{base_url}/caseload/")
    expect(page).to_have_url(base_url + LOGIN_PATH + "?next=/caseload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("Please sign in to continue.")).to_be_visible()


def test_admin_sees_staff_and_a_verified_audit_trail(page, base_url, manage):
    manage("verify_audit")  # the page shows the last run (cron in production)
    sign_in(page, base_url, "admin", DEMO_PASSWORD)

    page.goto(f"{base_url}/manage/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff")
    for username in ("therapist", "therapist2", "supervisor", "admin"):
        expect(page.get_by_role("main").get_by_text(username, exact=True).first).to_be_visible()

    page.goto(f"{base_url}/manage/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.get_by_text(re.compile("Last verified .* the chain was intact"))).to_be_visible()


def test_phone_layout(browser, base_url):
    """Sign-in page and caseload at a phone's width: screenshots, and no sideways scroll."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        phone = context.new_page()
        phone.goto(f"{base_url}{LOGIN_PATH}")
        phone.screenshot(path=str(artifact_path("phone-login")), full_page=True)
        assert_no_horizontal_scroll(phone)

        sign_in(phone, base_url, "therapist", DEMO_PASSWORD)
        expect(phone.get_by_role("heading", level=1)).to_have_text("Your caseload")
        phone.screenshot(path=str(artifact_path("phone-caseload")), full_page=True)
        assert_no_horizontal_scroll(phone)
    finally:
        context.close()


def assert_no_horizontal_scroll(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    scroll_width, client_width = widths
    assert scroll_width <= client_width, f"page scrolls sideways: {widths} on {page.url}"
