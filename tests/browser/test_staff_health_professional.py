"""A staff account's health-professional status in Chromium: the admin is refused a
profession without its registration number, then records the supervisor as a practitioner
psychologist with their HCPC number (DPA 2018 s.204)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_admin_records_a_colleague_as_a_health_professional(page, base_url, server):
    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.goto(f"{base_url}/manage/staff/")
    page.locator("main").get_by_role("link", name="supervisor", exact=True).click()
    page.get_by_label(re.compile("Health professional \\(Data Protection")).select_option(
        "psychologist"
    )
    page.get_by_role("button", name="Record health professional status").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Give their registration number.")

    page.get_by_label("Register", exact=True).fill("HCPC")
    page.get_by_label("Registration number", exact=True).fill("PYL01234")
    page.get_by_role("button", name="Record health professional status").click()
    expect(page.get_by_text("Health professional status of supervisor saved.")).to_be_visible()
    expect(page.get_by_label("Registration number", exact=True)).to_have_value("PYL01234")
    page.screenshot(path=str(artifact_path("staff-health-professional")), full_page=True)
