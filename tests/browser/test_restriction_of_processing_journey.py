"""Restriction of processing in Chromium (UK GDPR Art. 18, issue 23 item 2): the admin logs
a client's request and applies it; the therapist sees the banner on the client's page and
cannot write a note; the admin's lift is refused until the notice to the client is made
(Art. 18(3)), then lifts it, and the therapist may write again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_admin_restricts_a_case_file_and_lifts_it_after_the_notice(page, base_url, browser):
    sign_in(page, base_url, "therapist", DEMO_PASSWORD)
    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("First name").fill("Philippa")
    page.get_by_label("Last name").fill("Marchbankwell")
    page.get_by_label("Email", exact=True).fill("philippa.m@example.invalid")
    page.get_by_role("button", name="Add client and open a case file").click()
    page.get_by_role("button", name="Record consent to keep records").click()
    expect(page.get_by_text("Records consent recorded.")).to_be_visible()
    client_url = page.url

    admin_context = browser.new_context()
    try:
        admin = admin_context.new_page()
        sign_in(admin, base_url, "admin", DEMO_PASSWORD)
        admin.goto(f"{base_url}/manage/desk/")
        admin.get_by_role("link", name="Log a restriction request").click()
        admin.get_by_label("Client's name or record reference").fill("Marchbankwell")
        admin.get_by_role("button", name="Find").click()
        admin.screenshot(path=str(artifact_path("restriction-new")), full_page=True)
        admin.locator("#id_ground_0").check()  # accuracy contested, Art. 18(1)(a)
        admin.get_by_label("What the client asks").fill(
            "Please do not use my notes while you check what I told you is wrong."
        )
        admin.get_by_role("button", name="Log the request").click()
        expect(
            admin.get_by_text(re.compile(r"Restriction request RS-\w{8} logged"))
        ).to_be_visible()
        expect(admin.get_by_text(re.compile(r"\d+ days left"))).to_be_visible()
        admin.get_by_role("button", name="Restrict processing and make the letter").click()
        expect(
            admin.get_by_text(re.compile("Processing restricted: the case file is read-only"))
        ).to_be_visible()
        admin.screenshot(path=str(artifact_path("restriction-applied")), full_page=True)
        request_url = admin.url

        # The therapist is told why, on the client's page, and cannot add a note.
        page.goto(client_url)
        banner = page.locator(".restriction-banner")
        expect(
            banner.get_by_role("heading", name="Processing of this record is restricted")
        ).to_be_visible()
        expect(banner).to_contain_text("may only be stored")
        expect(banner).to_contain_text("legal claims")
        expect(page.get_by_role("link", name=re.compile("Write a note"))).to_have_count(0)
        page.screenshot(path=str(artifact_path("restriction-client-page")), full_page=True)
        page.goto(client_url + "notes/new/")
        expect(page.get_by_text("A note cannot be written now")).to_be_visible()
        expect(page.get_by_role("button", name="Save draft")).to_have_count(0)
        page.screenshot(path=str(artifact_path("restriction-note-refused")), full_page=True)

        # Lifting before the client is told is refused, with the reason.
        admin.goto(request_url)
        admin.get_by_role("button", name="Lift the restriction").click()
        expect(admin.get_by_text(re.compile("the client must be told first")).first).to_be_visible()
        admin.screenshot(path=str(artifact_path("restriction-lift-refused")), full_page=True)
        admin.get_by_label(re.compile("^Why the restriction is to be lifted")).fill(
            "We have checked the note with you and corrected the date."
        )
        admin.get_by_role("button", name="Make the notice letter").click()
        expect(admin.get_by_text(re.compile("Notice made"))).to_be_visible()
        expect(
            admin.get_by_role("link", name=re.compile("Notice before lifting letter"))
        ).to_be_visible()
        admin.get_by_role("button", name="Lift the restriction").click()
        expect(
            admin.get_by_text("Restriction lifted: the case file can be written to again.")
        ).to_be_visible()
        admin.screenshot(path=str(artifact_path("restriction-lifted")), full_page=True)
    finally:
        admin_context.close()

    page.goto(client_url)
    expect(page.locator(".restriction-banner")).to_have_count(0)
    expect(page.get_by_role("link", name="Write a note", exact=True)).to_be_visible()
