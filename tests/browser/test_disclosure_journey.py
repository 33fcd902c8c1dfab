"""The disclosure workflow in Chromium: the demo therapist raises a safeguarding request,
the supervisor asks for a change, the therapist amends it, the supervisor approves, the
therapist records the disclosure, and the client's record of disclosures lists it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

RECIPIENT = "Morwenna Duty"


def _save(page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def _fill_steps(page) -> None:
    page.get_by_label("Child protection and safeguarding").check()
    _save(page)
    expect(
        page.get_by_role("heading", name="What is happening, and the legal basis")
    ).to_be_visible()
    page.get_by_label("What is happening?").fill("A younger sibling described as unsafe at home.")
    page.get_by_label("Why are you considering a disclosure?").fill("To protect the sibling.")
    page.get_by_label("The legal basis").fill("DPA 2018 Sch. 1 para 18; public interest.")
    page.screenshot(path=str(artifact_path("disclosure-step-situation")), full_page=True)
    _save(page)
    for number in range(1, 9):
        page.get_by_label(re.compile(rf"^{number}\. ")).check()
        page.get_by_label(f"Principle {number}: your reason").fill(f"Considered ({number}).")
    _save(page)
    page.get_by_label("Recipient's name").fill(RECIPIENT)
    page.get_by_label("Their role").fill("Duty social worker")
    page.get_by_label("Organisation").fill("Demotown Children's Services")
    page.get_by_label("How to reach them").fill("01632 960555")
    page.get_by_label("Exactly what you will share").fill("The sibling's account, in full.")
    _save(page)
    page.get_by_label("Sought, and the client agreed").check()
    _save(page)
    page.get_by_label("Summary of the advice you were given").fill("Refer today; minimum.")
    _save(page)
    page.get_by_label("Possible consequences for the client").fill("Worry.")
    page.get_by_label("Possible consequences for others").fill("Safer.")
    page.get_by_label("Possible consequences for the therapeutic relationship").fill("Strain.")
    page.get_by_label("When was the concern first raised?").fill("2026-01-05")
    _save(page)


def test_safeguarding_request_from_draft_to_the_record_of_disclosures(browser, base_url):
    therapist = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    supervisor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        sign_in(therapist, base_url, "therapist", DEMO_PASSWORD)
        therapist.get_by_role("link", name="Ada Example").click()
        therapist.get_by_role("link", name="Consider a disclosure").click()
        therapist.get_by_role("button", name="Start the request").click()
        therapist.wait_for_load_state()
        _fill_steps(therapist)
        expect(therapist.get_by_text("Every step is done.")).to_be_visible()
        therapist.screenshot(path=str(artifact_path("disclosure-detail-draft")), full_page=True)
        therapist.get_by_role("button", name="Send to my supervisor").click()
        expect(therapist.get_by_text("Sent to your supervisor for review.")).to_be_visible()
        request_url = therapist.url
        ref = request_url.rstrip("/").rsplit("/", 1)[-1]

        sign_in(supervisor, base_url, "supervisor", DEMO_PASSWORD)
        expect(supervisor.get_by_role("heading", name="Review queue")).to_be_visible()
        supervisor.screenshot(path=str(artifact_path("disclosure-review-queue")), full_page=True)
        supervisor.goto(f"{base_url}/reviews/requests/{ref}/")
        expect(supervisor.get_by_text("The sibling's account, in full.")).to_be_visible()
        expect(supervisor.get_by_text("Ada")).to_have_count(0)  # the request, not the client
        supervisor.get_by_label("Ask for changes before deciding").check()
        supervisor.get_by_label("Your reasons").fill("Share only what the sibling said.")
        supervisor.screenshot(path=str(artifact_path("disclosure-review")), full_page=True)
        supervisor.get_by_role("button", name="Record my decision").click()
        expect(supervisor.get_by_text("Decision recorded.")).to_be_visible()

        therapist.goto(request_url)
        expect(therapist.get_by_text("Share only what the sibling said.")).to_be_visible()
        therapist.get_by_role("link", name="Recipient and exactly what is shared").click()
        therapist.get_by_label("Exactly what you will share").fill("What the sibling said, only.")
        _save(therapist)
        therapist.get_by_role("button", name="Send to my supervisor").click()
        expect(therapist.get_by_text("Sent to your supervisor for review.")).to_be_visible()

        supervisor.goto(f"{base_url}/reviews/requests/{ref}/")
        expect(supervisor.get_by_text("What the sibling said, only.")).to_be_visible()
        supervisor.get_by_label("Approve: the disclosure may be made as written").check()
        supervisor.get_by_label("Your reasons").fill("Proportionate now.")
        supervisor.get_by_role("button", name="Record my decision").click()
        expect(supervisor.get_by_text("Decision recorded.")).to_be_visible()

        therapist.goto(request_url)
        therapist.get_by_role("link", name="Record the disclosure made").click()
        expect(therapist.get_by_label("Exactly what was sent or said")).to_have_value(
            "What the sibling said, only."
        )
        therapist.get_by_label("How").select_option("phone")
        therapist.get_by_role("button", name="Record the disclosure").click()
        expect(therapist.get_by_text("Disclosure recorded")).to_be_visible()
        therapist.screenshot(path=str(artifact_path("disclosure-detail-done")), full_page=True)

        therapist.get_by_role("link", name="Ada Example").click()
        section = therapist.locator(
            "section", has=therapist.get_by_role("heading", name="Record of disclosures")
        )
        expect(section.get_by_text(RECIPIENT)).to_be_visible()
        section.screenshot(path=str(artifact_path("disclosure-client-record")))
    finally:
        therapist.context.close()
        supervisor.context.close()
