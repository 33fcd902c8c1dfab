"""Two-factor sign-in in a real browser: the password alone reaches no client data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, next_totp_code, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_therapist_reaches_client_data_only_after_the_totp_code(page, base_url):
    sign_in(page, base_url, "therapist", DEMO_PASSWORD, second_factor=False)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()

    # Typing the caseload's address does not skip the second step.
    page.goto(f"{base_url}/caseload/")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    expect(page.get_by_text("Ada Example")).to_have_count(0)

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#id_code_error")).to_contain_text("That code is wrong")

    page.wait_for_timeout(1500)  # wrong codes slow the next try down (django-otp throttling)
    page.get_by_label("Code").fill(next_totp_code("therapist"))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    expect(page.get_by_role("link", name="Ada Example")).to_be_visible()


def test_every_page_carries_the_browser_policy_headers(page, base_url):
    sign_in(page, base_url, "therapist", DEMO_PASSWORD)
    response = page.goto(f"{base_url}/caseload/")
    headers = response.headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "no-store" in headers["cache-control"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert "camera=()" in headers["permissions-policy"]


def test_no_csp_violations_on_the_main_pages(page, base_url):
    """The strict policy blocks inline script and style: no page may rely on either."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, base_url, "therapist", DEMO_PASSWORD)
    page.get_by_role("link", name="Ada Example").click()
    page.get_by_role("link", name=re.compile("Write a note")).first.click()
    page.goto(f"{base_url}/account/")
    assert violations == []
