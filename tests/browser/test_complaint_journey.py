"""A complaint in Chromium, from the public form to its outcome (DPA 2018 s.164A): someone
with no account complains, is given a reference and told of the 30 days; the admin finds it
first on the complaints list, assigns it, acknowledges it (the letter states the due day),
records an investigation note and an update sent to the person, and closes it with an
outcome whose letter states the right to complain to the ICO."""

from __future__ import annotations

import io
import re
import subprocess
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS_DIR, DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# The demo practice's own name (and its e-mail domain) may say what it does; nothing else
# on the page or in a letter may.
PRACTICE_NAME = re.compile(r"riverside[ -]counselling", re.IGNORECASE)
SERVICE_WORDS = re.compile(r"therap|counsel", re.IGNORECASE)


def _says_the_service(text: str) -> bool:
    return bool(SERVICE_WORDS.search(PRACTICE_NAME.sub("", text)))


def _pdf_text(page, link_name) -> tuple[bytes, str]:
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages)
    return body, text


def test_a_complaint_from_the_public_form_is_acknowledged_investigated_and_closed(
    browser, page, base_url, server
):
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(f"{base_url}/complaint/")
    expect(
        visitor.get_by_role("heading", name="Complain about how we handle your information")
    ).to_be_visible()
    assert not _says_the_service(visitor.content())

    # Nothing filled in: a clear summary, nothing sent.
    visitor.get_by_role("button", name="Send the complaint").click()
    expect(visitor.get_by_text("There is a problem")).to_be_visible()
    expect(visitor.get_by_role("link", name=re.compile("Enter your name"))).to_be_visible()
    visitor.screenshot(path=str(artifact_path("complaint-form-errors")), full_page=True)

    visitor.get_by_label("Your name").fill("Rowan Example")
    visitor.get_by_label("How we should reply to you").fill("rowan@example.invalid")
    visitor.get_by_label("What your complaint is about").fill(
        "A letter with my details went to my old address after I told you I had moved."
    )
    visitor.get_by_role("button", name="Send the complaint").click()
    expect(visitor.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(visitor.get_by_text(re.compile(r"Your reference is CMP-\w{8}"))).to_be_visible()
    expect(visitor.get_by_text("We will acknowledge it within 30 days")).to_be_visible()
    reference = re.search(r"CMP-\w{8}", visitor.content()).group(0)
    assert reference not in visitor.url
    assert not _says_the_service(visitor.content())
    visitor.screenshot(path=str(artifact_path("complaint-received")), full_page=True)

    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.goto(f"{base_url}/manage/complaints/")
    row = page.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("30 days")
    expect(row).to_contain_text("Acknowledge it")
    page.screenshot(path=str(artifact_path("complaint-desk")), full_page=True)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"Complaint {reference}")).to_be_visible()
    expect(page.get_by_text("Rowan Example")).to_be_visible()
    expect(page.get_by_text("Not linked to a case file")).to_be_visible()

    page.get_by_label("Looked into by").select_option(index=1)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Complaint assigned.")).to_be_visible()

    page.get_by_role("button", name="Acknowledge and make the letter").click()
    expect(page.get_by_text(re.compile("Complaint acknowledged"))).to_be_visible()
    _, acknowledgement = _pdf_text(page, re.compile("Acknowledgement letter"))
    assert reference in acknowledgement and "Dear Rowan Example" in acknowledgement
    assert "To acknowledge by" in acknowledgement

    page.get_by_label(re.compile("Investigation note")).check()
    page.get_by_label(re.compile(r"^Note")).fill("The change of address was recorded late.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()
    expect(page.get_by_text("Being investigated")).to_be_visible()
    page.get_by_label(re.compile("Update sent to the person")).check()
    page.get_by_label(re.compile(r"^Note")).fill("Wrote to say we are looking into it.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Wrote to say we are looking into it.")).to_be_visible()

    # Closing with no outcome is refused and says why.
    page.get_by_role("button", name="Close and make the outcome letter").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    page.get_by_label(re.compile(r"^The outcome")).fill(
        "Your new address was entered late, so one letter went to the old one.\n\n"
        "We have corrected our records and changed how we record a move."
    )
    page.get_by_role("button", name="Close and make the outcome letter").click()
    expect(page.get_by_text(re.compile("Complaint closed"))).to_be_visible()
    expect(page.get_by_text("Closed with an outcome")).to_be_visible()
    page.screenshot(path=str(artifact_path("complaint-closed")), full_page=True)

    pdf, outcome = _pdf_text(page, re.compile("Outcome letter"))
    assert "We have corrected our records" in outcome
    assert "right to complain to the Information Commissioner's Office" in outcome
    assert not _says_the_service(outcome + acknowledgement)
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    (ARTIFACTS_DIR / "complaint-outcome.pdf").write_bytes(pdf)
    subprocess.run(  # noqa: S603 - a fixed command on a file this test wrote
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            str(ARTIFACTS_DIR / "complaint-outcome.pdf"),
            str(ARTIFACTS_DIR / "complaint-outcome"),
        ],
        check=True,
    )

    page.goto(f"{base_url}/manage/complaints/")
    expect(page.get_by_text(re.compile(rf"{reference}: received"))).to_be_visible()
