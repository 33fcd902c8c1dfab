"""No one person can give themselves a colleague's clients (issue 19), in the browser: the
demo's only admin ticks the therapist role on their own account (it waits; they cannot
approve it), and once the data-protection contact has approved it on the server (a
one-admin practice), asking to move a colleague's caseload to themselves is refused."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOTS = Path(tempfile.gettempdir()) / "shots19"  # screenshots to look at, outside the repo


def _own_roles(page, base_url: str, *, therapist: bool) -> None:
    page.goto(f"{base_url}/manage/staff/")
    page.locator("main").get_by_role("link", name="admin", exact=True).click()
    box = page.get_by_label("Therapist", exact=True)
    box.check() if therapist else box.uncheck()
    page.get_by_role("button", name="Save").click()


def test_self_grant_waits_and_the_caseload_never_moves_to_the_asker(page, base_url, manage):
    SHOTS.mkdir(parents=True, exist_ok=True)
    manage("axes_reset")
    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    try:
        _own_roles(page, base_url, therapist=True)
        expect(page.locator(".messages")).to_contain_text("another admin must approve")
        expect(page.get_by_label("Therapist", exact=True)).not_to_be_checked()
        page.screenshot(path=str(SHOTS / "self-grant-waits.png"), full_page=True)
        page.goto(f"{base_url}/account-changes/")
        expect(
            page.get_by_text("You asked for this: someone else must approve it.")
        ).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("^Approve"))).to_have_count(0)
        # One admin: the data-protection contact approves on the server.
        withdraw = page.locator("form[action$='/cancel/']").first.get_attribute("action")
        ref = withdraw.strip("/").split("/")[-2]
        manage("account_change", "--approve", ref)

        page.goto(f"{base_url}/manage/staff/")
        page.locator("main").get_by_role("link", name="therapist", exact=True).click()
        page.get_by_role("link", name="Ask to move this caseload to another therapist").click()
        page.get_by_label("Move the caseload to").select_option(label="Morgan (demo) (admin)")
        page.get_by_role("button", name=re.compile("^Ask to move the caseload")).click()

        main = page.locator("main")
        expect(main).to_contain_text("A caseload never moves to the person who asks for the move")
        page.screenshot(path=str(SHOTS / "caseload-to-asker-refused.png"), full_page=True)
        page.goto(f"{base_url}/caseload/")
        expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("Ada Example")  # no colleague's client
    finally:
        _own_roles(page, base_url, therapist=False)  # taking a role away is at once
