"""The subject access clock in Chromium: the admin logs a request, is refused a pause with
no reason, pauses it for a clarification with one, records the answer, extends the deadline,
and the page shows the paused day, the due date and the extension."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_admin_pauses_for_a_clarification_resumes_and_extends(page, base_url, server):
    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.goto(f"{base_url}/manage/subject-access/new/")
    page.get_by_label("Client's name").fill("Cleo")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=re.compile("Cleo Placeholder")).click()
    page.get_by_label("How it arrived").select_option("post")
    page.get_by_label("The client", exact=True).check()
    page.get_by_label(re.compile("Known to the practice")).check()
    page.get_by_role("button", name="Log the request").click()
    expect(page.get_by_text(re.compile(r"Request SAR-\w+ logged"))).to_be_visible()

    # A pause with no reason is refused, and says why.
    page.get_by_role("button", name="Pause the clock").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text(re.compile("may not be asked as a routine step")).first).to_be_visible()

    page.get_by_label(re.compile("Why more information is needed")).fill(
        "Several years of notes and letters are held; the request does not say which."
    )
    page.get_by_role("button", name="Pause the clock").click()
    expect(page.get_by_text("the clock is paused until the answer arrives")).to_be_visible()
    expect(page.get_by_text(re.compile(r"waiting for the answer \(1 day so far\)"))).to_be_visible()
    expect(
        page.get_by_text(re.compile("If it arrived today, the answer would be due"))
    ).to_be_visible()
    page.screenshot(path=str(artifact_path("sar-clock-paused")), full_page=True)

    page.get_by_role("button", name="Start the clock again").click()
    expect(page.get_by_text(re.compile("Answer recorded: the clock runs again"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"answer received .*: 1 day not counted"))).to_be_visible()

    page.get_by_label("Extend by").select_option("2")
    page.get_by_label("Why it is needed").select_option("complex")
    page.get_by_role("button", name="Extend").click()
    expect(page.get_by_text("Deadline extended.")).to_be_visible()
    expect(page.get_by_text(re.compile("2 further months: the request is complex"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ days left"))).to_be_visible()
    page.screenshot(path=str(artifact_path("sar-clock-extended")), full_page=True)
