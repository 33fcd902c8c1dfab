"""Lifting a restriction in Chromium: the demo's second therapist asks to lift the restriction
on Dev's disclosure, with a reason; their supervisor finds the request in the review queue,
agrees; the disclosure then appears in the client's copy of the record of disclosures."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOTS = Path(tempfile.gettempdir()) / "shots18lift"  # looked at by hand after a run
REASON = "The court order's reporting restriction ended; the client may now be told."


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.screenshot(path=str(artifact_path(f"restriction-lift-{name}")), full_page=True)


def test_therapist_asks_to_lift_and_the_supervisor_agrees(browser, base_url):
    therapist = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    supervisor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        sign_in(therapist, base_url, "therapist2", DEMO_PASSWORD)
        therapist.get_by_role("link", name="Dev Fictional").click()
        therapist.get_by_role("link", name="Printable record of disclosures").click()
        record_url = therapist.url
        therapist.goto(record_url + "?copy=client")
        expect(therapist.get_by_text("No disclosures to show.")).to_be_visible()
        therapist.goto(record_url)
        therapist.get_by_role("link", name="Review the restriction").click()
        expect(therapist.get_by_role("heading", name="Review a restriction")).to_be_visible()

        # Asking without a reason is refused, with the error summary, and nothing is sent.
        therapist.get_by_role("button", name="Ask my supervisor to agree").click()
        expect(therapist.get_by_role("heading", name="There is a problem")).to_be_visible()
        expect(therapist.get_by_text("Not sent: the restriction is as it was.")).to_be_visible()

        therapist.get_by_label("Why the client may now be told").fill(REASON)
        therapist.get_by_role("button", name="Ask my supervisor to agree").click()
        expect(therapist.get_by_text("The restriction stands until they agree.")).to_be_visible()
        expect(therapist.get_by_role("heading", name="Waiting for your supervisor")).to_be_visible()
        _shot(therapist, "1-therapist-asked")

        sign_in(supervisor, base_url, "supervisor", DEMO_PASSWORD)
        expect(
            supervisor.get_by_role("heading", name="Requests to lift a restriction")
        ).to_be_visible()
        _shot(supervisor, "2-supervisor-queue")
        supervisor.get_by_role("link", name="Lift a restriction?").first.click()
        expect(supervisor.get_by_text(REASON)).to_be_visible()
        expect(supervisor.get_by_text("Dev")).to_have_count(0)  # the request, not the client
        supervisor.get_by_label(
            "Agree: lift the restriction, so the client may now be told"
        ).check()
        supervisor.get_by_label("Your reasons").fill("Agreed: the restriction has no basis now.")
        _shot(supervisor, "3-supervisor-deciding")
        supervisor.get_by_role("button", name="Record my decision").click()
        expect(supervisor.get_by_text("Agreed: the restriction is lifted.")).to_be_visible()
        _shot(supervisor, "4-supervisor-agreed")

        therapist.goto(record_url + "?copy=client")
        expect(therapist.get_by_text("This is the client's copy")).to_be_visible()
        expect(therapist.get_by_role("heading", name="What was shared")).to_be_visible()
        expect(therapist.get_by_text("No disclosures to show.")).to_have_count(0)
        _shot(therapist, "5-client-copy-after-lift")
    finally:
        therapist.context.close()
        supervisor.context.close()
