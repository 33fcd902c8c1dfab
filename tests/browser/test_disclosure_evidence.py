"""Documents kept with a disclosure request, in Chromium (issue 24, item 4): the therapist
keeps the court order with the demo's disclosed court-order request, and a file whose content
is not what its name says is refused with the reason, nothing kept."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_court_order_is_kept_and_a_disguised_file_refused(page, base_url, server, tmp_path):
    sign_in(page, base_url, "therapist", DEMO_PASSWORD)
    page.goto(f"{base_url}/disclosures/")
    page.get_by_role("link", name=re.compile("Ben")).first.click()
    documents = page.locator(
        "section", has=page.get_by_role("heading", name="Documents kept with this request")
    )
    court = page.locator(
        "section", has=page.get_by_role("heading", name="Before disclosing under a court order")
    )
    expect(court).to_contain_text("call the court or the person asking back")
    expect(court.get_by_role("note")).to_contain_text("Both checks are recorded.")

    order = tmp_path / "order.pdf"
    order.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label("What the document is").select_option("court_order")
    page.get_by_label("The file").set_input_files(str(order))
    page.get_by_role("button", name="Keep this document").click()
    expect(page.get_by_text("Document kept with the request, encrypted.")).to_be_visible()
    expect(documents.get_by_role("cell", name="order.pdf (15 bytes)")).to_be_visible()
    page.screenshot(path=str(artifact_path("evidence-kept")), full_page=True)

    disguised = tmp_path / "photo.png"
    disguised.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label("What the document is").select_option("other")
    page.get_by_label("The file").set_input_files(str(disguised))
    page.get_by_role("button", name="Keep this document").click()
    expect(page.get_by_text("content is not a PNG image")).to_be_visible()
    expect(documents.get_by_role("row")).to_have_count(2)  # the header and the order only
    page.screenshot(path=str(artifact_path("evidence-refused")), full_page=True)
