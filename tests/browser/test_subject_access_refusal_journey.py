"""A refusal by two people, in Chromium (issue 22, item 6): the admin proposes refusing a
request with the exemption and the reasons, reads the refusal letter it would send, cannot
approve it themselves, and (the demo has one admin) the data-protection contact approves it
on the server; the request is refused and the letter kept, with the ICO and court rights."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_refusal_needs_a_second_person_and_keeps_its_letter(page, base_url, manage):
    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.goto(f"{base_url}/manage/subject-access/new/")
    page.get_by_label("Client's name").fill("Dev")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=re.compile("Dev Fictional")).click()
    page.get_by_label("How it arrived").select_option("email")
    page.get_by_label("The client", exact=True).check()
    page.get_by_label(re.compile("Known to the practice")).check()
    page.get_by_role("button", name="Log the request").click()
    reference = re.search(r"SAR-\w+", page.get_by_role("heading", level=1).inner_text()).group()
    request_url = page.url.split("?")[0]

    # Manifestly unfounded without the evidence that shows it: refused, nothing recorded.
    page.get_by_label("Exemption relied on").select_option("unfounded")
    page.get_by_label("Why you are refusing, as the person will read it").fill(
        "This is the fourth identical request this year; each was answered in full."
    )
    page.get_by_role("button", name="Propose the refusal").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Art. 12(5)")
    page.get_by_label(re.compile("what shows it")).fill(
        "Identical requests on 2 March, 4 May and 1 July, each answered in full."
    )
    page.get_by_role("button", name="Propose the refusal").click()
    expect(page.get_by_text("takes effect when another admin approves it")).to_be_visible()
    proposal = page.locator(
        "section", has=page.get_by_role("heading", name="Refusal waiting for a second person")
    )
    expect(proposal).to_contain_text("another admin must approve it")
    expect(proposal.get_by_role("button", name="Approve the refusal")).to_have_count(0)
    page.screenshot(path=str(artifact_path("sar-refusal-proposed")), full_page=True)

    proposal.get_by_role("link", name="Read the refusal letter it would send").click()
    letter = page.get_by_role("article", name="The letter")
    expect(letter).to_contain_text("Your request: our decision")
    expect(letter).to_contain_text("manifestly unfounded or excessive")
    expect(letter).to_contain_text("fourth identical request")
    expect(letter).to_contain_text("Information Commissioner")
    page.screenshot(path=str(artifact_path("sar-refusal-letter-preview")), full_page=True)

    # One admin: the data-protection contact approves on the server.
    manage("subject_access_refusal", "--approve", reference)
    page.goto(request_url)
    expect(page.locator("dl.summary")).to_contain_text(
        "approved by the data-protection contact, on the server"
    )
    letters = page.locator("section", has=page.get_by_role("heading", name="Letters"))
    expect(letters.get_by_role("cell", name="Refusal", exact=True)).to_be_visible()
    page.screenshot(path=str(artifact_path("sar-refused")), full_page=True)
    with page.expect_download() as download:
        letters.get_by_role("link", name=re.compile("Download")).click()
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(download.value.path()).pages
    )
    for part in (reference, "Dear Dev Fictional,", "judicial remedy", "0303 123 1113"):
        assert part in text, part
    download.value.save_as(str(artifact_path("sar-refusal-letter").with_suffix(".pdf")))
