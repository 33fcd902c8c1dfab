"""Every HTML response carries the browser policy headers; no page can be cached."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.test_permission_matrix import RULES, world  # noqa: F401 - the shared fixture

REQUIRED = {
    "Content-Security-Policy": "default-src 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _assert_policies(response, where: str) -> None:
    for header, fragment in REQUIRED.items():
        assert fragment in response.get(header, ""), f"{where}: {header} = {response.get(header)}"
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp


@pytest.mark.parametrize("role", ["anonymous", "therapist", "supervisor", "admin"])
def test_every_page_carries_the_policy_headers(world, role):  # noqa: F811
    staff, objects = world
    client = signed_in(staff.get(role))
    checked = 0
    for name, rule in RULES.items():
        url = reverse(name, kwargs={kwarg: objects[key] for kwarg, key in rule.kwargs.items()})
        response = client.get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            _assert_policies(response, f"{role} {url} ({response.status_code})")
            checked += 1
    assert checked >= 3


def test_error_pages_carry_the_policy_headers(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    _assert_policies(response, "404")


def test_no_template_uses_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or template.name.startswith("pdf_"):
            continue
        text = template.read_text()
        if "<script>" in text or "<style" in text or " style=" in text or "onclick=" in text:
            offenders.append(str(template.relative_to(root)))
    assert offenders == []


def test_hsts_and_secure_cookies_over_https(settings, therapist):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = True
    client = Client()
    response = client.post(
        reverse("login"), {"username": "therapist", "password": "wrong"}, secure=True
    )
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    from tests.conftest import PASSWORD

    response = client.post(
        reverse("login"), {"username": "therapist", "password": PASSWORD}, secure=True
    )
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
