"""The retrospective review of an emergency disclosure in Chromium: the demo supervisor
opens the demo's emergency disclosure, sees when it was made (to the minute), gives a
verdict with reasons, and the verdict is counted on their queue and on the admin's page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LEARNING = "Justified, but with learning for next time"


def test_supervisor_reviews_an_emergency_disclosure_and_the_verdict_is_counted(page, base_url):
    sign_in(page, base_url, "supervisor", DEMO_PASSWORD)
    page.goto(f"{base_url}/reviews/")
    page.get_by_role("link", name=re.compile("suicide or serious self-harm")).first.click()
    expect(
        page.get_by_role("heading", name=re.compile("Review an emergency disclosure"))
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d{1,2} \w{3} \d{4} at \d{2}:\d{2}"))).to_be_visible()

    page.get_by_role("button", name="Record my review").click()  # no verdict yet: refused
    expect(page.get_by_text("This field is required").first).to_be_visible()

    page.get_by_label(LEARNING).check()
    page.get_by_label("Your reasons").fill(
        "The risk was immediate; calling the crisis team was right. Ring me as well next time."
    )
    page.screenshot(path=str(artifact_path("emergency-review-verdict")), full_page=True)
    page.get_by_role("button", name="Record my review").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    expect(page.get_by_text(LEARNING).first).to_be_visible()

    page.goto(f"{base_url}/reviews/")
    counts = page.get_by_role("table", name="Your verdicts on emergency disclosures")
    expect(counts.get_by_role("row", name=f"{LEARNING} 1")).to_be_visible()
    page.screenshot(path=str(artifact_path("emergency-review-queue-counts")), full_page=True)

    page.context.clear_cookies()
    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.get_by_role("link", name="Emergency disclosures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency disclosures")
    last_year = page.get_by_role(
        "table", name="Verdicts on emergency disclosures made in the last 12 months"
    )
    expect(last_year.get_by_role("row", name=f"{LEARNING} 1")).to_be_visible()
    page.screenshot(path=str(artifact_path("emergency-pattern-admin")), full_page=True)
