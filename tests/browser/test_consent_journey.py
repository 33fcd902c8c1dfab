"""Records consent in Chromium: a client who declines on paper cannot be written about (no
urgent override), until they give consent; and the client's signing page, on a phone,
puts its error summary at the top, linked to each field, with the focus on it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NOTE_WORDS = "Quillbrook talked about the new job and the early starts"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _add_client_and_prepare(page, base_url: str, given: str, family: str) -> str:
    sign_in(page, base_url, "therapist", DEMO_PASSWORD)
    page.goto(f"{base_url}/clients/new/")
    page.get_by_label("First name").fill(given)
    page.get_by_label("Last name").fill(family)
    page.get_by_label("Email", exact=True).fill(f"{given.lower()}@example.invalid")
    page.get_by_role("button", name="Add client and open a case file").click()
    expect(page.get_by_role("heading", name=re.compile(f"{given} {family}"))).to_be_visible()
    client_url = page.url
    page.get_by_role("link", name="Confidentiality agreement and privacy notice").click()
    page.get_by_role("button", name="Make the PDFs to give the client").click()
    expect(page.get_by_text("The agreement and privacy notice are ready")).to_be_visible()
    return client_url


def test_declined_on_paper_no_note_until_consent_is_given(page, base_url):
    client_url = _add_client_and_prepare(page, base_url, "Marisol", "Dunnock")

    # Signed on paper, the records-consent box left unticked: the client said no.
    page.get_by_role("link", name="Record that it was signed on paper").click()
    page.get_by_label(re.compile("We discussed the agreement")).check()
    page.get_by_label("The privacy notice was given").check()
    page.get_by_label("Clinical supervision was explained").check()
    expect(page.get_by_label(re.compile("explicit consent to keeping records"))).not_to_be_checked()
    page.get_by_role("button", name="Record the acknowledgement").click()
    expect(page.get_by_text("Acknowledgement recorded.")).to_be_visible()
    expect(page.get_by_text("Consent to keeping records: declined")).to_be_visible()
    # Nothing to withdraw: the agreement gave no consent.
    expect(page.get_by_role("button", name=re.compile("withdrew consent"))).to_have_count(0)

    # No note can be written, and there is no urgent-reason override to reach for.
    page.goto(f"{client_url}notes/new/")
    expect(page.get_by_role("heading", name="A note cannot be written now")).to_be_visible()
    expect(page.get_by_text(re.compile("declined consent to keeping records"))).to_be_visible()
    expect(page.get_by_label(re.compile("^Note"))).to_have_count(0)
    expect(page.get_by_label(re.compile("Reason to write without records consent"))).to_have_count(
        0
    )
    page.screenshot(path=str(artifact_path("consent-declined-note-refused")), full_page=True)

    # The client changes their mind: consent is recorded, and the note can be written.
    page.goto(client_url)
    page.get_by_role("button", name="Record consent to keep records").click()
    expect(page.get_by_text("Records consent recorded.")).to_be_visible()
    page.goto(f"{client_url}notes/new/")
    expect(page.get_by_text("A note cannot be written now")).to_have_count(0)
    page.get_by_label(re.compile(r"^Note \(required\)")).fill(NOTE_WORDS)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Draft note")).to_be_visible()


def test_signing_page_error_summary_is_at_the_top_linked_and_focused_on_a_phone(
    page, base_url, browser
):
    _add_client_and_prepare(page, base_url, "Tamsin", "Larkspur")
    page.get_by_role("button", name="Send a signing link").click()
    link = page.locator("#signing-link").inner_text().strip()

    phone = browser.new_context(**PHONE)
    try:
        client_page = phone.new_page()
        client_page.goto(link)
        client_page.get_by_label("Type your full name to sign").fill("Tamsin Larkspur")
        client_page.get_by_role("button", name="Confirm").click()

        summary = client_page.locator(".error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        expect(summary).to_be_in_viewport()
        # At the top of the page, above the heading and the documents.
        heading = client_page.get_by_role("heading", name="Please read these two documents")
        assert summary.bounding_box()["y"] < heading.bounding_box()["y"]
        assert client_page.evaluate("window.scrollY") < 200
        client_page.screenshot(path=str(artifact_path("signing-page-errors-phone")))

        # One link a problem, each going to its field at the bottom of the page.
        links = summary.get_by_role("link")
        expect(links).to_have_count(3)
        first = links.first
        expect(first).to_have_text(
            "Tick to confirm that you have read the confidentiality agreement"
        )
        first.click()
        expect(client_page.locator("#id_read_and_understood")).to_be_focused()
        expect(client_page.locator("#id_read_and_understood")).to_be_in_viewport()
        # What the client typed is still there.
        expect(client_page.get_by_label("Type your full name to sign")).to_have_value(
            "Tamsin Larkspur"
        )
    finally:
        phone.close()
