"""An admin disposes of the demo practice's former client, in Chromium; then the dump holds
nothing of them but the tombstone's reference."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from clients.demo import FORMER_CLIENT
from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in
from tests.browser.test_records_journey import _database_dump

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_admin_disposes_of_a_due_file_and_only_the_tombstone_is_left(page, base_url, server):
    given, family, note_text = FORMER_CLIENT
    dry_run = server.manage("dispose_due", "--dry-run")
    match = re.search(r"DUE   (R-[A-Z0-9]+): last contact", dry_run)
    assert match, dry_run
    ref = match[1]
    dump, _ = _database_dump(server)
    assert family in dump  # the former client really is there before

    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.get_by_role("link", name="Retention and disposal").first.click()
    expect(page.get_by_role("heading", name="Retention and disposal")).to_be_visible()
    expect(page.get_by_role("cell", name=ref).first).to_be_visible()
    assert family not in page.content()
    page.screenshot(path=str(artifact_path("retention-overview")), full_page=True)

    page.get_by_role("link", name="Dispose of what is due").click()
    page.get_by_label(ref).check()
    page.get_by_label(re.compile("I confirm these case files")).check()
    page.screenshot(path=str(artifact_path("retention-disposal")), full_page=True)
    page.get_by_role("button", name="Dispose of the chosen case files").click()
    expect(page.get_by_text(f"Disposed of 1 case file: {ref}")).to_be_visible()

    dump, _ = _database_dump(server)
    for marker in (given, family, "fern@example.invalid", "01632 960999", "door is open"):
        assert marker not in dump, marker
    assert ref in dump  # the tombstone (and the audit trail) keep the reference only
    report = server.manage("retention_report")
    assert ref in report and "Disposed of: 1" in report
