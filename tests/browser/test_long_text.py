"""A long unbroken string in any field wraps: it never widens the page, on a phone or a
desktop (a pasted link, a reference number, a name typed without spaces)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LONG = "Unbroken" + "x" * 90  # 98 characters, no space: the longest a name may be


def _page_overflow(page) -> int:
    """How far the page is wider than the window, in CSS pixels (0 when it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_long_unbroken_text_does_not_widen_the_page(page, base_url):
    sign_in(page, base_url, "therapist", DEMO_PASSWORD)
    page.goto(f"{base_url}/caseload/")
    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("First name").fill(LONG)
    page.get_by_label("Last name").fill("Longname")
    page.get_by_label("Preferred name").fill(LONG)
    page.get_by_label("Email", exact=True).fill("long" + "y" * 60 + "@example.invalid")
    page.get_by_label("What may be said in a message or voicemail").fill("z" * 300)
    page.get_by_label("Address", exact=True).fill("https://example.invalid/" + "a" * 400)
    page.get_by_label("Emergency contact name").fill("w" * 200)
    page.get_by_label("GP or GP practice").fill("g" * 200)
    page.get_by_role("button", name="Add client and open a case file").click()
    expect(page.get_by_role("heading", name=re.compile("Longname"))).to_be_visible()
    client_url = page.url

    for width, height in ((1280, 900), (375, 740)):
        page.set_viewport_size({"width": width, "height": height})
        for name, url in (
            ("client", client_url),
            ("caseload", f"{base_url}/caseload/?q=longname"),
            ("edit", client_url + "edit/"),
        ):
            page.goto(url)
            page.screenshot(path=str(artifact_path(f"long-text-{name}-{width}")), full_page=True)
            assert _page_overflow(page) <= 0, (name, width)
