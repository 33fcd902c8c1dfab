"""In Chromium: a request whose situation names the client is not sent until the therapist
has checked; the warning names the part of the request and the kind of detail, never the
detail itself."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in
from tests.browser.test_disclosure_journey import _fill_steps, _save

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOTS = Path(tempfile.gettempdir()) / "shots18id"  # screenshots to look at, outside the repo


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.screenshot(path=str(artifact_path(f"identifiers-{name}")), full_page=True)


def test_a_request_naming_the_client_waits_for_the_therapists_check(browser, base_url):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        sign_in(page, base_url, "therapist", DEMO_PASSWORD)
        page.get_by_role("link", name="Ben Sample").click()
        page.get_by_role("link", name="Consider a disclosure").click()
        page.get_by_role("button", name="Start the request").click()
        page.wait_for_load_state()
        _fill_steps(page)
        expect(page.get_by_text("Every step is done.")).to_be_visible()
        request_url = page.url
        page.get_by_role("link", name="What is happening, and the legal basis").click()
        page.get_by_label("What is happening?").fill(
            "Ben SAMPLE (ben@example.invalid) says a younger sibling is unsafe at home."
        )
        _save(page)
        page.goto(request_url)

        page.get_by_role("button", name="Send to my supervisor").click()
        warning = page.get_by_role("region", name="This request may identify your client")
        expect(warning).to_be_visible()
        row = warning.get_by_role("row", name="What is happening?")
        expect(row).to_contain_text("first name, surname, e-mail")
        expect(warning).not_to_contain_text("SAMPLE")
        expect(warning).not_to_contain_text("ben@example.invalid")
        _shot(page, "warning")

        # Sending without the tick is refused, with an error summary linked to the box.
        page.get_by_role("button", name="Send to my supervisor").click()
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("Tick the box to confirm")
        _shot(page, "warning-error")
        summary.get_by_role("link").click()
        expect(page.get_by_label("I have checked: the supervisor needs this")).to_be_focused()

        page.get_by_label("I have checked: the supervisor needs this").check()
        page.get_by_role("button", name="Send to my supervisor").click()
        expect(page.get_by_text("Sent to your supervisor for review.")).to_be_visible()
        _shot(page, "sent")
    finally:
        page.context.close()
