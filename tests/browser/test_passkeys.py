"""Passkeys as the second factor, with Chromium's virtual authenticator (DevTools WebAuthn).

WebAuthn needs a domain for its relying party, not an IP address, so this journey uses
http://localhost (a secure context, like https)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_supervisor_adds_a_passkey_then_signs_in_with_it(browser, server):
    base = server.base_url.replace("127.0.0.1", "localhost")
    context = browser.new_context()
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        devtools = context.new_cdp_session(page)
        devtools.send("WebAuthn.enable")
        devtools.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                    "automaticPresenceSimulation": True,
                }
            },
        )
        sign_in(page, base, "supervisor", DEMO_PASSWORD)
        expect(page.get_by_role("heading", name="Review queue")).to_be_visible()

        page.goto(f"{base}/account/")
        page.get_by_role("button", name="Add a passkey").click()
        expect(page.locator("#passkey-register-status-message")).to_have_text(
            "Registration successful!"
        )
        page.reload()
        expect(page.get_by_text("You have 1 passkey.")).to_be_visible()

        page.get_by_role("button", name="Sign out").click()
        sign_in(page, base, "supervisor", DEMO_PASSWORD, second_factor=False)
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        page.get_by_role("button", name="Use a passkey").click()
        expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    finally:
        context.close()
