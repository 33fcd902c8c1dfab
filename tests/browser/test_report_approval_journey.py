"""The client's report in Chromium (issue 24, item 1): the therapist records their
registration, writes the report as a step of the client's request, the supervisor approves
those very words, the therapist makes the PDF, changes the report (which sends it back and
stops the PDF), and the supervisor approves the new words before a new PDF is made."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPORT = "I have seen the client weekly since March for anxiety. They attend reliably."
CHANGED = "I have seen the client weekly since March. They attend reliably and engage well."
BODY = "National Counselling and Psychotherapy Society (NCPS)"
NUMBER = "NCPS-0042"


def _save(page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def _fill_client_request(page) -> None:
    page.get_by_label("The client asks me to share their information").check()
    _save(page)
    page.get_by_label("What is happening?").fill("The client asks for a report for their GP.")
    page.get_by_label("Why are you considering a disclosure?").fill("The client asked.")
    page.get_by_label("The legal basis").fill("The client's written authority.")
    _save(page)
    page.get_by_label("We discussed who will see the information").check()
    page.get_by_label("We discussed that, once shared").check()
    page.get_by_label("We discussed that the records may hold things").check()
    page.get_by_label("Date of the client's written authority").fill("2026-01-05")
    page.get_by_label("A report written for the purpose (recommended)").check()
    _save(page)
    for number in range(1, 9):
        page.get_by_label(re.compile(rf"^{number}\. ")).check()
        page.get_by_label(f"Principle {number}: your reason").fill(f"Considered ({number}).")
    _save(page)
    page.get_by_label("Recipient's name").fill("Dr Lee Hartley")
    page.get_by_label("Their role").fill("General practitioner")
    page.get_by_label("Organisation").fill("Demotown Surgery")
    page.get_by_label("How to reach them").fill("01632 960777")
    expect(page.get_by_label("Exactly what you will share")).to_have_count(0)  # asked once
    _save(page)
    expect(page.get_by_role("heading", name="The report, as it will be sent")).to_be_visible()
    page.get_by_label("The report, exactly as it will be sent").fill(REPORT)
    _save(page)
    page.get_by_label("Summary of the advice you were given").fill("Share only the report.")
    _save(page)
    page.get_by_label("Possible consequences for the client").fill("None expected.")
    page.get_by_label("Possible consequences for others").fill("None.")
    page.get_by_label("Possible consequences for the therapeutic relationship").fill("None.")
    page.get_by_label("When was the concern first raised?").fill("2026-01-05")
    _save(page)


def _approve(page, base_url: str, ref: str, words: str, shot: str = "") -> None:
    page.goto(f"{base_url}/reviews/requests/{ref}/")
    expect(
        page.get_by_role("heading", name="The report, exactly as it will be sent")
    ).to_be_visible()
    expect(page.get_by_text(words)).to_be_visible()
    if shot:
        page.screenshot(path=str(artifact_path(shot)), full_page=True)
    page.get_by_label("Approve: the disclosure may be made as written").check()
    page.get_by_label("Your reasons").fill("The report shares only what the GP needs.")
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()


def test_the_report_is_approved_as_it_will_be_sent(browser, base_url):
    therapist = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    supervisor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        sign_in(therapist, base_url, "therapist", DEMO_PASSWORD)
        therapist.goto(f"{base_url}/account/professional/")
        therapist.get_by_label("Professional body").fill(BODY)
        therapist.get_by_label("Membership or registration number").fill(NUMBER)
        therapist.get_by_role("button", name="Save").click()
        expect(therapist.get_by_text(f"{BODY}, registration number {NUMBER}")).to_be_visible()

        therapist.goto(f"{base_url}/")
        therapist.get_by_role("link", name="Ada Example").click()
        therapist.get_by_role("link", name="Consider a disclosure").click()
        therapist.get_by_role("button", name="Start the request").click()
        therapist.wait_for_load_state()
        _fill_client_request(therapist)
        expect(therapist.get_by_text("Every step is done.")).to_be_visible()
        therapist.get_by_role("button", name="Send to my supervisor").click()
        expect(therapist.get_by_text("Sent to your supervisor for review.")).to_be_visible()
        request_url = therapist.url
        ref = request_url.rstrip("/").rsplit("/", 1)[-1]

        sign_in(supervisor, base_url, "supervisor", DEMO_PASSWORD)
        _approve(supervisor, base_url, ref, REPORT, shot="report-review")

        therapist.goto(request_url)
        therapist.get_by_role("link", name="Make the report's PDF").click()
        expect(therapist.get_by_text(REPORT)).to_be_visible()
        expect(therapist.locator("textarea")).to_have_count(0)  # nothing is typed again
        therapist.get_by_role("button", name="Make the PDF").click()
        expect(therapist.get_by_text("Report made")).to_be_visible()

        therapist.get_by_role("link", name="Change the report (sends it back for review)").click()
        expect(therapist.get_by_text("Your supervisor approved this report.")).to_be_visible()
        therapist.get_by_label("The report, exactly as it will be sent").fill(CHANGED)
        _save(therapist)
        expect(therapist.get_by_text("sent back to your supervisor for review")).to_be_visible()
        expect(therapist.get_by_text("Not the approved words")).to_be_visible()
        therapist.goto(f"{request_url}report/")
        expect(therapist.get_by_role("button", name="Make the PDF")).to_have_count(0)

        _approve(supervisor, base_url, ref, CHANGED)

        therapist.goto(f"{request_url}report/")
        therapist.get_by_role("button", name="Make the PDF").click()
        expect(therapist.get_by_text("Report made")).to_be_visible()
        link = therapist.get_by_role("link", name="Report of").first
        response = therapist.request.get(base_url + link.get_attribute("href"))
        assert response.headers["content-type"] == "application/pdf"
        pdf = artifact_path("report-pdf").with_suffix(".pdf")
        pdf.write_bytes(response.body())
    finally:
        therapist.context.close()
        supervisor.context.close()
