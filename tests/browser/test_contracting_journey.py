"""Contracting in Chromium: the therapist prepares both documents for a new client, the
client accepts them through the signing link (no account), and a note can then be written.
"""

from __future__ import annotations

import io
import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CLIENT = {"given": "Peregrine", "family": "Ashgrove", "email": "peregrine.a@example.invalid"}
NOTE_WORDS = "Cobaltwren spoke about the move and agreed the plan for next week"


def _pdf_text(page, href: str) -> str:
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_client_accepts_through_the_link_and_the_therapist_can_then_write_a_note(
    page, base_url, browser
):
    sign_in(page, base_url, "therapist", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("First name").fill(CLIENT["given"])
    page.get_by_label("Last name").fill(CLIENT["family"])
    page.get_by_label("Email", exact=True).fill(CLIENT["email"])
    page.get_by_role("button", name="Add client and open a case file").click()
    expect(page.get_by_role("heading", name=re.compile("Peregrine Ashgrove"))).to_be_visible()
    client_url = page.url

    # The caseload says contracting has not started.
    page.goto(f"{base_url}/caseload/")
    row = page.get_by_role("row", name=re.compile("Peregrine Ashgrove"))
    expect(row.get_by_text("Not started")).to_be_visible()

    # Preview, then make both PDFs.
    page.goto(client_url)
    page.get_by_role("link", name="Confidentiality agreement and privacy notice").click()
    expect(page.get_by_text("Not started")).to_be_visible()
    page.get_by_role("link", name="Preview the agreement (adult)").click()
    expect(page.get_by_role("heading", name="Preview: Confidentiality agreement")).to_be_visible()
    expect(page.get_by_role("heading", name="Confidentiality is not absolute")).to_be_visible()
    page.screenshot(path=str(artifact_path("contracting-preview")), full_page=True)
    page.get_by_role("link", name="Back to contracting").click()
    expect(page.get_by_label("Adult")).to_be_checked()
    page.get_by_role("button", name="Make the PDFs to give the client").click()
    expect(page.get_by_text("The agreement and privacy notice are ready")).to_be_visible()

    contract = page.get_by_role("link", name=re.compile(r"^Confidentiality agreement, version"))
    text = _pdf_text(page, contract.get_attribute("href"))
    assert "Peregrine Ashgrove" in text
    assert "Confidentiality is not absolute" in text
    assert "Terrorism" in text and "Court orders" in text
    notice = page.get_by_role("link", name=re.compile(r"^Privacy notice, version"))
    assert "Article 9(2)(h)" in _pdf_text(page, notice.get_attribute("href"))

    # Send the signing link and read it from the page, as the therapist would.
    page.get_by_role("button", name="Send a signing link").click()
    expect(page.get_by_role("heading", name="Signing link ready")).to_be_visible()
    link = page.locator("#signing-link").inner_text().strip()
    assert "/sign/" in link

    # The client, in a browser of their own with no account.
    visitor = browser.new_context()
    try:
        client_page = visitor.new_page()
        client_page.goto(link)
        expect(
            client_page.get_by_role("heading", name="Please read these two documents")
        ).to_be_visible()
        expect(client_page.get_by_text("Peregrine Ashgrove").first).to_be_visible()
        expect(client_page.get_by_role("link", name="Sign out")).to_have_count(0)
        client_page.get_by_label(re.compile("I have read the confidentiality agreement")).check()
        client_page.get_by_label("I have been given the privacy notice.").check()
        client_page.get_by_label(re.compile("clinical supervisor")).check()
        client_page.get_by_label(re.compile("keeping records of our sessions")).check()
        client_page.get_by_label("Type your full name to sign").fill("Peregrine Ashgrove")
        client_page.screenshot(path=str(artifact_path("contracting-signing-page")), full_page=True)
        client_page.get_by_role("button", name="Confirm").click()
        expect(client_page.get_by_role("heading", name="Thank you")).to_be_visible()

        # The link works once.
        response = client_page.goto(link)
        assert response is not None and response.status == 410
        expect(client_page.get_by_role("heading", name="This link cannot be used")).to_be_visible()
        assert "Ashgrove" not in client_page.content()
    finally:
        visitor.close()

    # Back with the therapist: acknowledged, consent in, and a note can be written.
    page.goto(f"{base_url}/caseload/")
    row = page.get_by_role("row", name=re.compile("Peregrine Ashgrove"))
    expect(row.get_by_text("Acknowledged")).to_be_visible()
    expect(row.get_by_text("Consent recorded")).to_be_visible()
    page.screenshot(path=str(artifact_path("contracting-caseload")), full_page=True)
    page.goto(client_url)
    page.get_by_role("link", name="Write a note", exact=True).click()
    expect(page.get_by_text("No records consent yet")).to_have_count(0)
    page.get_by_label(re.compile(r"^Note \(required\)")).fill(NOTE_WORDS)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Draft note")).to_be_visible()
