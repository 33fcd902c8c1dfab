"""A member of staff's own account in a real browser: a typo in the code costs no wait,
the password changes with a fresh code, and signing out says so."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, next_totp_code, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NEW_PASSWORD = "supervisor-new-password-2026"


@pytest.fixture
def restore_supervisor_password(manage):
    yield
    manage(
        "shell",
        "-c",
        "from practice.models import User; u = User.objects.get(username='supervisor'); "
        f"u.set_password('{DEMO_PASSWORD}'); u.save()",
    )


def test_a_typo_in_the_code_then_the_right_code_signs_in(page, base_url):
    sign_in(page, base_url, "supervisor", DEMO_PASSWORD, second_factor=False)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#id_code_error")).to_contain_text("That code is wrong")

    page.get_by_label("Code").fill(next_totp_code("supervisor"))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")


def test_change_password_then_sign_out_and_in_with_it(page, base_url, restore_supervisor_password):
    sign_in(page, base_url, "supervisor", DEMO_PASSWORD)
    page.get_by_role("link", name="supervisor").click()
    page.get_by_role("link", name="Change your password").click()
    page.locator("#id_old_password").fill(DEMO_PASSWORD)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(next_totp_code("supervisor"))
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_text("without activity")).to_have_count(0)

    sign_in(page, base_url, "supervisor", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
