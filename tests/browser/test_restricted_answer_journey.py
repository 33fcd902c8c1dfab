"""A restricted disclosure in Chromium, end to end: the therapist raises a request for Eve,
the supervisor approves it, the therapist records it as one the client must not be told
about (tipping off); the admin logs and compiles Eve's subject access request; the
therapist's review page says what was held back and why; the admin releases and downloads
the answer, and nothing of the disclosure is in any file of it."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in
from tests.browser.health_gate_steps import record_health_opinion

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# One unique marker per free-text answer of the request and of the disclosure.
MARKERS = {
    "What is happening?": "Qx1situation",
    "Why are you considering a disclosure?": "Qx2reason",
    "The legal basis": "Qx3basis",
    "Recipient's name": "Qx4recipient",
    "Their role": "Qx5role",
    "Organisation": "Qx6organisation",
    "How to reach them": "Qx7contact",
    "Exactly what you will share": "Qx8shared",
    "What was said, or why asking was not possible": "Qx9consent",
    "Summary of the advice you were given": "Qx10advice",
    "Possible consequences for the client": "Qx11client",
    "Possible consequences for others": "Qx12others",
    "Possible consequences for the therapeutic relationship": "Qx13relationship",
}
SUPERVISOR_REASONS = "Qx14approval"


def _save(page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def _fill(page, label: str) -> None:
    page.get_by_label(label).fill(f"Words {MARKERS[label]} here.")


def _draft(page) -> None:
    page.get_by_label("Child protection and safeguarding").check()
    _save(page)
    for label in ("What is happening?", "Why are you considering a disclosure?", "The legal basis"):
        _fill(page, label)
    _save(page)
    for number in range(1, 9):
        page.get_by_label(re.compile(rf"^{number}\. ")).check()
        page.get_by_label(f"Principle {number}: your reason").fill(f"Qx2{number}caldicott")
    _save(page)
    for label in (
        "Recipient's name",
        "Their role",
        "Organisation",
        "How to reach them",
        "Exactly what you will share",
    ):
        _fill(page, label)
    _save(page)
    page.get_by_label("Not sought").check()
    page.get_by_label("If you did not ask, why not?").select_option("unlawful")
    _fill(page, "What was said, or why asking was not possible")
    _save(page)
    _fill(page, "Summary of the advice you were given")
    _save(page)
    for label in (
        "Possible consequences for the client",
        "Possible consequences for others",
        "Possible consequences for the therapeutic relationship",
    ):
        _fill(page, label)
    page.get_by_label("When was the concern first raised?").fill("2026-01-05")
    _save(page)


def test_a_restricted_disclosure_is_held_back_and_leaves_no_trace(
    browser, base_url, server, worker, tmp_path
):
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(3)]
    therapist, supervisor, admin = (context.new_page() for context in contexts)
    try:
        # The therapist raises the request and sends it; the supervisor approves it.
        sign_in(therapist, base_url, "therapist2", DEMO_PASSWORD)
        therapist.get_by_role("link", name="Eve Madeup").click()
        therapist.get_by_role("link", name="Consider a disclosure").click()
        therapist.get_by_role("button", name="Start the request").click()
        therapist.wait_for_load_state()
        _draft(therapist)
        expect(therapist.get_by_text("Every step is done.")).to_be_visible()
        therapist.get_by_role("button", name="Send to my supervisor").click()
        confirm = therapist.get_by_role("button", name=re.compile("send it", re.I))
        if confirm.count():  # the identity check asked for a confirmation
            confirm.first.click()
        expect(therapist.get_by_text("Sent to your supervisor for review.")).to_be_visible()
        request_url = therapist.url
        ref = request_url.rstrip("/").rsplit("/", 1)[-1]

        sign_in(supervisor, base_url, "supervisor", DEMO_PASSWORD)
        supervisor.goto(f"{base_url}/reviews/requests/{ref}/")
        supervisor.get_by_label("Approve: the disclosure may be made as written").check()
        supervisor.get_by_label("Your reasons").fill(SUPERVISOR_REASONS)
        supervisor.get_by_role("button", name="Record my decision").click()
        expect(supervisor.get_by_text("Decision recorded.")).to_be_visible()

        # The therapist records it as made, and restricted: tipping off, review in 90 days.
        therapist.goto(request_url)
        therapist.get_by_role("link", name="Record the disclosure made").click()
        therapist.get_by_label("How").select_option("phone")
        therapist.get_by_label("The client must not be told about this disclosure for now").check()
        therapist.get_by_label("Why the client must not be told").select_option("tipping_off")
        review_on = (timezone.localdate() + timedelta(days=90)).isoformat()
        therapist.get_by_label("Review the restriction on").fill(review_on)
        therapist.get_by_role("button", name="Record the disclosure").click()
        expect(therapist.get_by_text("Disclosure recorded")).to_be_visible()

        # The admin logs Eve's request and compiles it on the worker.
        sign_in(admin, base_url, "admin", DEMO_PASSWORD)
        admin.goto(f"{base_url}/manage/subject-access/new/")
        admin.get_by_label("Client's name").fill("Eve")
        admin.get_by_role("button", name="Find").click()
        admin.get_by_role("link", name=re.compile("Eve Madeup")).click()
        admin.get_by_label("How it arrived").select_option("email")
        admin.get_by_label("The client", exact=True).check()
        admin.get_by_label(re.compile("Known to the practice")).check()
        admin.get_by_role("button", name="Log the request").click()
        expect(admin.get_by_text(re.compile(r"Request SAR-\w+ logged"))).to_be_visible()
        sar_url = admin.url
        admin.get_by_role("button", name="Compile").click()
        expect(admin.get_by_text(re.compile("Waiting for .* to review it"))).to_be_visible(
            timeout=60_000
        )
        notice = admin.locator("section.held-back")
        expect(notice).to_contain_text("Held back from this answer: 1 disclosure request")
        expect(notice.get_by_role("link", name="Open the request")).to_have_count(0)
        notice.screenshot(path=str(artifact_path("held-back-admin-notice")))

        # The reviewing therapist is told what was held back and why; the client is not.
        therapist.goto(f"{base_url}/subject-access/reviews/")
        therapist.get_by_role("link", name=re.compile("SAR-")).first.click()
        notice = therapist.locator("section.held-back")
        expect(notice).to_contain_text("Held back from this answer: 1 disclosure request")
        expect(notice).to_contain_text("Restricted: telling the client would be unlawful")
        expect(notice.get_by_role("link", name="Open the request")).to_have_attribute(
            "href", f"/disclosures/{ref}/"
        )
        notice.screenshot(path=str(artifact_path("held-back-review-notice")))
        therapist.screenshot(path=str(artifact_path("held-back-review-page")), full_page=True)
        # Every part of the review page, one at a time, as the reviewer can reach them.
        review_url = therapist.url.split("?")[0]
        contents = therapist.get_by_role("navigation", name="Contents").get_by_role("link")
        hrefs = [contents.nth(i).get_attribute("href") for i in range(contents.count())]
        assert len(hrefs) >= 7
        for href in hrefs:
            therapist.goto(review_url + href)
            review_text = therapist.locator("main").inner_text()
            assert not [m for m in MARKERS.values() if m in review_text], href
        therapist.goto(review_url)
        therapist.get_by_role("button", name=re.compile("Review complete")).click()
        expect(therapist.get_by_text("Review complete")).to_be_visible()

        # The admin releases and downloads; no file of the answer holds any trace.
        admin.goto(sar_url)
        record_health_opinion(admin)
        admin.get_by_label("How the answer is sent").select_option("email")
        admin.get_by_role("button", name="Release").click(timeout=60_000)  # builds the PDF
        expect(admin.get_by_text("Answer released")).to_be_visible()
        with admin.expect_download() as download:
            admin.get_by_role("link", name=re.compile(r"Download SAR-\w+\.zip")).click()
        archive = tmp_path / download.value.suggested_filename
        download.value.save_as(archive)
    finally:
        for context in contexts:
            context.close()

    texts = {}
    with zipfile.ZipFile(archive) as zipped:
        for name in zipped.namelist():
            data = zipped.read(name)
            if name.endswith(".pdf"):
                texts[name] = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
            else:
                texts[name] = data.decode("utf-8")
    answer = json.loads(next(t for n, t in texts.items() if n.endswith("answer.json")))
    assert "Eve" in json.dumps(answer)
    everything = " ".join(" ".join(text.split()) for text in texts.values()).lower()
    words = [*MARKERS.values(), SUPERVISOR_REASONS, *[f"qx2{n}caldicott" for n in range(1, 9)]]
    assert [w for w in words if w.lower() in everything] == []
    # The answer itself (the contract PDFs given to Eve, also in the archive, name the
    # exceptions to confidentiality in general, as every client's do).
    answer_text = " ".join(
        " ".join(text.split()) for name, text in texts.items() if "/answer." in name
    ).lower()
    for word in ("restricted", "tipping", "held back", "disclosure request", "safeguarding"):
        assert word not in answer_text, word
    disclosures = next(s for s in answer["sections"] if s["key"] == "disclosures")
    assert disclosures["items"] == []
