"""Subject access in Chromium: the admin logs a request and compiles it on the background
worker, the therapist withholds a passage, the admin releases and downloads the archive,
and `subject_access_verify` passes on it and fails on a copy with one byte changed."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import DEMO_PASSWORD, PROJECT_DIR, artifact_path, sign_in
from tests.browser.health_gate_steps import fill_third_party_test, record_health_opinion

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSAGE = "Week 2. First review session"  # one note of three (each ends alike)


def test_admin_logs_therapist_redacts_admin_releases_and_the_archive_verifies(
    browser, page, base_url, server, worker, tmp_path
):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)

    # The admin sees the demo's open and released requests, then logs a new one.
    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.get_by_role("link", name="Subject access requests").first.click()
    expect(page.get_by_role("heading", name="Subject access requests")).to_be_visible()
    expect(page.get_by_role("heading", name="Open requests")).to_be_visible()
    page.screenshot(path=str(artifact_path("sar-dashboard")), full_page=True)
    page.get_by_role("link", name="Log a new request").click()
    page.get_by_label("Client's name").fill("Cleo")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=re.compile("Cleo Placeholder")).click()
    page.get_by_label("How it arrived").select_option("email")
    page.get_by_label("The client", exact=True).check()
    page.get_by_label(re.compile("Known to the practice")).check()
    page.get_by_role("button", name="Log the request").click()
    expect(page.get_by_text(re.compile(r"Request SAR-\w+ logged"))).to_be_visible()
    request_url = page.url

    # Compile on the worker; the page follows its progress and reloads when done.
    page.get_by_role("button", name="Compile").click()
    expect(page.get_by_text("Compiling in the background")).to_be_visible()
    expect(page.get_by_text(re.compile("Waiting for .* to review it"))).to_be_visible(
        timeout=60_000
    )
    page.screenshot(path=str(artifact_path("sar-compiled")), full_page=True)

    # The therapist withholds a passage from a note.
    therapist = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(therapist, base_url, "therapist", DEMO_PASSWORD)
    therapist.get_by_role("link", name="Subject access reviews").click()
    therapist.get_by_role("link", name=re.compile("SAR-")).first.click()
    expect(therapist.get_by_role("heading", name=re.compile("Review the answer"))).to_be_visible()
    # A contents list with counts; one part at a time.
    contents = therapist.get_by_role("navigation", name="Contents")
    expect(contents).to_contain_text("Your notes (3 notes)")
    therapist.screenshot(path=str(artifact_path("sar-review-contents")), full_page=True)
    contents.get_by_role("link", name="Your notes").click()
    expect(therapist.get_by_role("heading", name="4. Your notes")).to_be_visible()
    note = therapist.locator(".note", has_text=PASSAGE).first
    note.get_by_text(re.compile("Withhold a passage")).click()
    note.get_by_label("Part of the item").select_option("body")
    note.get_by_label("Exact words to withhold").fill(PASSAGE)
    note.get_by_label(re.compile("Information about another person")).check()
    fill_third_party_test(note)
    note.get_by_role("button", name="Withhold").click()
    expect(therapist.get_by_text("Passage withheld from the answer")).to_be_visible()
    therapist.screenshot(path=str(artifact_path("sar-review")), full_page=True)
    # Search within the answer, then mark the notes done.
    therapist.get_by_label("Search within the answer").fill("Week 3")
    therapist.get_by_role("button", name="Search").click()
    expect(therapist.get_by_text(re.compile(r"1 result for"))).to_be_visible()
    therapist.get_by_role("link", name=re.compile("Note of the session on")).first.click()
    therapist.get_by_role("button", name=re.compile("Mark .Your notes. as done")).click()
    expect(therapist.get_by_text("You marked this part as done.")).to_be_visible()
    progress = therapist.get_by_role("heading", name=re.compile(r"1 of \d+ parts done"))
    expect(progress).to_be_visible()
    therapist.get_by_role("button", name=re.compile("Review complete")).click()
    expect(therapist.get_by_text("Review complete")).to_be_visible()
    therapist.context.close()

    # The admin records the health professional's opinion, then releases and downloads.
    page.goto(request_url)
    record_health_opinion(page)
    page.get_by_label("How the answer is sent").select_option("email")
    page.get_by_role("button", name="Release").click(timeout=60_000)  # builds the PDF
    expect(page.get_by_text("Answer released")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download SAR-\w+\.zip")).click()
    archive = tmp_path / download.value.suggested_filename
    download.value.save_as(archive)
    page.screenshot(path=str(artifact_path("sar-released")), full_page=True)
    assert violations == []

    # Its PDF and JSON agree and neither holds the withheld words.
    with zipfile.ZipFile(archive) as zipped:
        files = {name.split("/", 1)[1]: zipped.read(name) for name in zipped.namelist()}
    (PROJECT_DIR / "test-artifacts").mkdir(exist_ok=True)
    (PROJECT_DIR / "test-artifacts" / "sar-answer.pdf").write_bytes(files["answer.pdf"])
    (PROJECT_DIR / "test-artifacts" / "sar-answer.json").write_bytes(files["answer.json"])
    answer = json.loads(files["answer.json"])
    pdf = PdfReader(io.BytesIO(files["answer.pdf"]))
    pdf_text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert PASSAGE not in pdf_text and PASSAGE not in json.dumps(answer)
    assert "Cleo" in pdf_text and answer["reference"] in pdf_text
    assert "[withheld: Information about another person" in json.dumps(answer)

    assert "OK:" in server.manage("subject_access_verify", str(archive))
    changed = bytearray(archive.read_bytes())
    changed[len(changed) // 3] ^= 0xFF
    bad = tmp_path / "changed.zip"
    bad.write_bytes(bytes(changed))
    result = subprocess.run(
        [sys.executable, "manage.py", "subject_access_verify", str(bad)],
        cwd=PROJECT_DIR,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "FAILED" in result.stderr
