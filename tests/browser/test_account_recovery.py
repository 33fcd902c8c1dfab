"""Account recovery needs two people, and the owner is told: one admin asks for a
therapist's second-factor reset, the supervisor approves, the therapist re-enrols and
sees who reset it and when."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DEMO_PASSWORD,
    DEMO_SECRETS,
    artifact_path,
    next_totp_code,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_second_factor_reset_asked_by_one_approved_by_another_seen_by_the_owner(
    browser, base_url, manage
):
    manage("axes_reset")
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(3)]
    admin, supervisor, owner = (context.new_page() for context in contexts)
    try:
        # The therapist has signed in before (the next sign-in will say when and where).
        sign_in(owner, base_url, "therapist2", DEMO_PASSWORD)
        contexts[2].clear_cookies()
        # The admin asks; nothing changes yet.
        sign_in(admin, base_url, "admin", DEMO_PASSWORD)
        admin.goto(f"{base_url}/manage/staff/")
        admin.get_by_role("link", name="therapist2").click()
        admin.get_by_role("button", name="Ask for a second-factor reset").click()
        expect(admin.locator(".messages")).to_contain_text("must approve it")
        expect(admin.get_by_text("Waiting for approval: second-factor reset")).to_be_visible()
        # The admin cannot approve their own request.
        admin.goto(f"{base_url}/account-changes/")
        expect(
            admin.get_by_text("You asked for this: someone else must approve it.")
        ).to_be_visible()
        expect(admin.get_by_role("button", name=re.compile("^Approve"))).to_have_count(0)

        # The therapist's supervisor approves.
        sign_in(supervisor, base_url, "supervisor", DEMO_PASSWORD)
        supervisor.get_by_role("link", name="Account changes waiting for approval").click()
        supervisor.get_by_role("button", name="Approve second-factor reset of therapist2").click()
        expect(supervisor.locator(".messages")).to_contain_text("Approved and applied")

        # The therapist signs in, is told who reset what and when, and enrols again.
        sign_in(owner, base_url, "therapist2", DEMO_PASSWORD, second_factor=False)
        expect(owner.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
        messages = owner.locator(".messages")
        expect(messages).to_contain_text(
            re.compile(
                r"Your second-factor reset was asked for by admin on .* "
                r"and approved by supervisor on"
            )
        )
        expect(messages).to_contain_text(
            re.compile(r"Your last sign-in was on .* from 127\.0\.0\.1")
        )
        owner.screenshot(path=str(artifact_path("account-recovery-owner-told")), full_page=True)
        secret = owner.locator("code.secret").inner_text().replace(" ", "")
        DEMO_SECRETS["therapist2"] = secret  # later tests sign in with the new key
        owner.get_by_label("Code").fill(next_totp_code("therapist2"))
        owner.get_by_role("button", name="Confirm and continue").click()
        expect(
            owner.get_by_role("heading", name=re.compile("recovery codes", re.I))
        ).to_be_visible()
        owner.goto(f"{base_url}/caseload/")
        expect(owner.get_by_role("heading", name="Your caseload")).to_be_visible()
    finally:
        for context in contexts:
            context.close()
