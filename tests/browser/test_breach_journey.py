"""A personal-data breach in Chromium (UK GDPR Arts. 33-34, issue 23 items 3 and 5): the
admin records a breach when it is found and sees the 72-hour clock start, picks the case
files it touched, assesses it (a refused decision says why), records the report to the ICO,
and finds it on the desk and the dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_admin_records_a_breach_assesses_it_reports_it_and_sees_it_on_the_desk(
    page, base_url, server
):
    sign_in(page, base_url, "admin", DEMO_PASSWORD)
    page.goto(f"{base_url}/manage/")
    page.get_by_role("link", name="Record a breach").click()
    expect(page.get_by_role("heading", name="Record a breach")).to_be_visible()

    # Nothing filled in: a clear summary, nothing recorded.
    page.get_by_role("button", name="Record the breach").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="What happened: Enter what happened.")).to_be_visible()
    page.screenshot(path=str(artifact_path("breach-new-errors")), full_page=True)

    page.get_by_label(re.compile("^When it was found")).fill(
        _local(timezone.now() - timedelta(hours=3))
    )
    page.get_by_label(re.compile("^How many people")).fill("2")
    page.get_by_label(re.compile("^What happened")).fill(
        "A printed appointment list was left on the bus by a member of staff."
    )
    page.get_by_label(re.compile("^What an affected client will read")).fill(
        "A printed list with your appointment time was lost on a bus."
    )
    page.get_by_role("button", name="Record the breach").click()
    expect(page.get_by_text(re.compile(r"Breach BR-\w{8} recorded"))).to_be_visible()
    reference = re.search(r"BR-\w{8}", page.get_by_role("heading", level=1).inner_text()).group(0)
    assert reference not in page.url
    expect(page.get_by_text(re.compile(r"6[89] hours left to report"))).to_be_visible()

    page.get_by_role("link", name="Add case files").click()
    expect(page.get_by_role("heading", name=re.compile("Case files breach"))).to_be_visible()
    boxes = page.get_by_role("checkbox")
    first_ref = boxes.first.get_attribute("value")
    boxes.first.check()
    page.screenshot(path=str(artifact_path("breach-records")), full_page=True)
    page.get_by_role("button", name="Add the chosen case files").click()
    expect(page.get_by_text("1 case file added.")).to_be_visible()
    expect(page.get_by_text(first_ref)).to_be_visible()

    # A risk to people must go to the ICO: refused, explained, nothing changed.
    page.get_by_label("Likely to result in a risk to people", exact=True).check()
    page.get_by_role("textbox", name=re.compile("^Risk assessment")).fill(
        "Names and times could be read by whoever found it."
    )
    page.locator("#id_notify_ico_1").check()  # No: unlikely to result in a risk
    page.locator("#id_notify_people_1").check()  # No
    page.get_by_label(re.compile("^Reasons for the decision")).fill("Only two people.")
    page.get_by_role("button", name="Keep the assessment and decision").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text(re.compile("must be reported to the ICO")).first).to_be_visible()
    page.locator("#id_notify_ico_0").check()  # Yes
    page.get_by_label(re.compile("^Reasons for the decision")).fill(
        "Appointment times at a counselling practice say something about a person."
    )
    page.get_by_role("button", name="Keep the assessment and decision").click()
    expect(page.get_by_text("Assessment and decision kept.")).to_be_visible()
    expect(page.get_by_text("Assessed: decision made")).to_be_visible()

    page.get_by_label(re.compile("^When the ICO was told")).fill(
        _local(timezone.now() - timedelta(minutes=5))
    )
    page.get_by_label(re.compile("^The ICO's reference")).fill("IC-123456-A1B2")
    page.get_by_role("button", name="Record the report").click()
    expect(page.get_by_text("The report to the ICO is recorded.")).to_be_visible()
    expect(page.get_by_text("Reported to the ICO in time").first).to_be_visible()
    expect(page.get_by_text(re.compile("ICO reference IC-123456-A1B2"))).to_be_visible()
    page.screenshot(path=str(artifact_path("breach-reported")), full_page=True)

    page.goto(f"{base_url}/manage/")
    page.get_by_role("link", name="The desk").click()
    expect(page.get_by_role("heading", name="Data-protection desk")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Personal-data breach")
    expect(row).to_contain_text("Reported in time")
    expect(row).to_contain_text("Record what was done")
    page.screenshot(path=str(artifact_path("breach-desk")), full_page=True)
