"""A rectification request in Chromium (UK GDPR Art. 16, issue 23 item 2): the admin logs a
client's request from the desk, the client's therapist finds it among their correction
requests, does not agree the note is inaccurate and attaches the client's own statement,
then sees the statement with the note on the client page; the admin closes the request
with the outcome letter, which says the statement is kept with the note."""

from __future__ import annotations

import io
import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CLIENT = "Cleo Placeholder"
ASKS = "The note of my first review says I was happy with progress; I was not."
STATEMENT = "I said I was not happy with my progress and wanted to change the goals."
REASONS = "The note records what was said in the session as the therapist understood it."


def _shot(page, name: str) -> None:
    page.screenshot(path=str(artifact_path(f"rectification-{name}")), full_page=True)


def test_a_rectification_request_is_answered_with_the_clients_statement(
    browser, page, base_url, server
):
    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.goto(f"{base_url}/manage/desk/")
    page.get_by_role("link", name="Log a rectification request").click()
    expect(page.get_by_role("heading", name="Log a rectification request")).to_be_visible()
    page.get_by_label("Client's name or record reference").fill("Cleo")
    page.get_by_role("button", name="Find").click()
    page.get_by_label(re.compile(CLIENT)).check()
    page.get_by_label("What the client asks to be corrected").fill(ASKS)
    _shot(page, "1-log")
    page.get_by_role("button", name="Log the request").click()
    expect(page.get_by_text(re.compile(r"Rectification request RR-\w{8} logged"))).to_be_visible()
    reference = re.search(r"RR-\w{8}", page.get_by_role("heading", level=1).inner_text()).group(0)
    assert reference not in page.url
    expect(page.get_by_text(ASKS)).to_be_visible()
    page.get_by_role("button", name="Acknowledge and make the letter").click()
    expect(page.get_by_role("link", name=re.compile("Acknowledgement letter"))).to_be_visible()
    admin_url = page.url
    _shot(page, "2-logged")

    therapist = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(therapist, base_url, "therapist", DEMO_PASSWORD)
    therapist.goto(f"{base_url}/")
    therapist.get_by_role("link", name="Correction requests").click()
    therapist.get_by_role("link", name=reference).click()
    expect(
        therapist.get_by_role("heading", name="Your client asks for a correction")
    ).to_be_visible()
    expect(therapist.get_by_text(ASKS)).to_be_visible()
    # Several notes signed on one day are told apart by their session's day.
    notes = therapist.get_by_label(re.compile("Note of the session on"))
    assert notes.count() >= 3
    notes.first.check()
    therapist.get_by_label("Not agreed: the client's own statement").check()
    therapist.get_by_label("The correction, or the client's own statement").fill(STATEMENT)
    therapist.get_by_label("What the outcome letter says").fill(REASONS)
    _shot(therapist, "3-respond")
    therapist.get_by_role("button", name="Record my response").click()
    expect(therapist.get_by_text("Response recorded")).to_be_visible()
    _shot(therapist, "4-responded")

    therapist.get_by_role("link", name=f"Back to {CLIENT}").click()
    expect(therapist.get_by_role("heading", name=re.compile(CLIENT))).to_be_visible()
    expect(therapist.get_by_text(STATEMENT)).to_be_visible()  # with the note
    _shot(therapist, "5-client-page")
    therapist.context.close()

    page.goto(admin_url)
    expect(page.get_by_text(re.compile("The therapist has responded"))).to_be_visible()
    page.get_by_role("button", name="Make the outcome letter").click()
    expect(page.get_by_text(re.compile("Closed: outcome letter issued"))).to_be_visible()
    _shot(page, "6-closed")
    href = page.get_by_role("link", name=re.compile("Outcome letter")).get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    letter = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert reference in letter and "statement" in letter
    assert "Information Commissioner" in letter
