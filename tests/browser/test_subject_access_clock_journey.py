"""The subject access clock in Chromium: the admin logs a request, is refused a pause with
no reason, pauses it for a clarification with one, records the answer, extends the deadline,
and the page shows the paused day, the due date and the extension. Then the answer is
compiled and reviewed; its release is refused until the admin records a health
professional's opinion (DPA 2018 Sch. 3 Part 2 para 6), and then it goes out."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in
from tests.browser.health_gate_steps import record_health_opinion

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_admin_pauses_resumes_extends_and_releases_with_a_health_opinion(
    browser, page, base_url, server, worker
):
    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.goto(f"{base_url}/manage/subject-access/new/")
    page.get_by_label("Client's name").fill("Cleo")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=re.compile("Cleo Placeholder")).click()
    page.get_by_label("How it arrived").select_option("post")
    page.get_by_label("The client", exact=True).check()
    page.get_by_label(re.compile("Known to the practice")).check()
    page.get_by_role("button", name="Log the request").click()
    expect(page.get_by_text(re.compile(r"Request SAR-\w+ logged"))).to_be_visible()

    # The acknowledgement, previewed as it will print, then kept (issue 22, item 6).
    letters = page.locator("section", has=page.get_by_role("heading", name="Letters"))
    letters.get_by_role("link", name="acknowledgement").click()
    preview = page.get_by_role("article", name="The letter")
    expect(preview).to_contain_text("We have received your request")
    expect(preview).to_contain_text("Answer due by")
    page.screenshot(path=str(artifact_path("sar-letter-acknowledgement")), full_page=True)
    page.get_by_role("button", name="Keep this letter, dated today").click()
    expect(page.get_by_text("Acknowledgement kept, dated today.")).to_be_visible()

    # A pause with no reason is refused, and says why.
    page.get_by_role("button", name="Pause the clock").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text(re.compile("may not be asked as a routine step")).first).to_be_visible()

    page.get_by_label(re.compile("Why more information is needed")).fill(
        "Several years of notes and letters are held; the request does not say which."
    )
    page.get_by_role("button", name="Pause the clock").click()
    expect(page.get_by_text("the clock is paused until the answer arrives")).to_be_visible()
    expect(page.get_by_text(re.compile(r"waiting for the answer \(1 day so far\)"))).to_be_visible()
    expect(
        page.get_by_text(re.compile("If it arrived today, the answer would be due"))
    ).to_be_visible()
    page.screenshot(path=str(artifact_path("sar-clock-paused")), full_page=True)

    page.get_by_role("button", name="Start the clock again").click()
    expect(page.get_by_text(re.compile("Answer recorded: the clock runs again"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"answer received .*: 1 day not counted"))).to_be_visible()

    page.get_by_label("Extend by").select_option("2")
    page.get_by_label("Why it is needed").select_option("complex")
    page.get_by_label("Why more time is needed, as the person will read it").fill(
        "Your records cover several years and include many letters."
    )
    page.get_by_role("button", name="Extend").click()
    expect(page.get_by_text("Deadline extended.")).to_be_visible()
    expect(page.get_by_text(re.compile("2 further months: the request is complex"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ days left"))).to_be_visible()
    # The clarification request and the extension notice were made by the steps they record.
    for kind in ("Acknowledgement", "Request for clarification (clock paused)", "Extension notice"):
        expect(letters.get_by_role("cell", name=kind, exact=True)).to_be_visible()
    page.screenshot(path=str(artifact_path("sar-clock-extended")), full_page=True)

    # Compiled on the worker and reviewed by the client's therapist.
    request_url = page.url.split("?")[0]
    reference = re.search(r"SAR-\w+", page.get_by_role("heading", level=1).inner_text()).group()
    page.get_by_role("button", name="Compile").click()
    expect(page.get_by_text(re.compile("Waiting for .* to review it"))).to_be_visible(
        timeout=60_000
    )
    therapist = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(therapist, base_url, "therapist", DEMO_PASSWORD)
    therapist.goto(f"{base_url}/subject-access/reviews/")
    therapist.get_by_role("link", name=re.compile(reference)).click()
    therapist.get_by_role("button", name=re.compile("Review complete")).click()
    expect(therapist.get_by_text("Review complete")).to_be_visible()
    therapist.context.close()

    # Release without the health-data basis is refused, naming the rule; nothing goes out.
    page.goto(request_url)
    gate = page.locator("section", has=page.get_by_role("heading", name=re.compile("Health data")))
    expect(gate.get_by_role("note")).to_contain_text("Schedule 3 Part 2 paragraph 6")
    page.get_by_label("How the answer is sent").select_option("post")
    page.get_by_role("button", name="Release").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Schedule 3 Part 2 paragraph 6")
    page.screenshot(path=str(artifact_path("sar-release-refused-health-gate")), full_page=True)

    # With the health professional's opinion recorded, the release goes through.
    page.goto(request_url)
    record_health_opinion(page)
    expect(gate).to_contain_text("Dr Ada Example, Registered medical practitioner (GMC), GMC")
    expect(gate.get_by_role("note")).to_have_count(0)
    page.screenshot(path=str(artifact_path("sar-health-opinion-recorded")), full_page=True)
    page.get_by_label("How the answer is sent").select_option("post")
    page.get_by_role("button", name="Release").click(timeout=60_000)  # builds the PDF
    expect(page.get_by_text("Answer released")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Download SAR-\w+\.zip"))).to_be_visible()

    # The letters sent are in the archive, beside the answer.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download SAR-\w+\.zip")).click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    for kind in ("acknowledgement", "clarification", "extension"):
        assert any(re.search(rf"/letters/[\d-]+-{kind}\.pdf$", name) for name in names), kind
