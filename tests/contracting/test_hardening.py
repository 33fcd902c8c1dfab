"""Attack-side rules for contracting: a stale session cannot publish, links are rate limited."""

import time

import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from contracting.models import DocumentTemplate
from practice.models import AuditEvent
from tests.conftest import signed_in
from tests.practice.totp import current_code


def test_publishing_needs_a_fresh_code_and_keeps_the_edited_text(admin_user, practice_profile):
    url = reverse("contracting_template_edit", args=["contract", "adult"])
    admin = signed_in(admin_user)
    admin.get(url)  # the defaults exist
    body = "# About\n\nHello {{ client.name }}, from {{ practice.name }}. Edited words."
    data = {"title": "Agreement", "body": body, "action": "publish"}
    with time_machine.travel(time.time() + 10 * 60):
        stale = admin.post(url, data)
        assert stale.status_code == 200
        page = stale.content.decode()
        assert "Enter a fresh code from your authenticator app to publish" in page
        assert "Edited words." in page  # nothing typed is lost
        assert DocumentTemplate.objects.filter(kind="contract", variant="adult").count() == 1
        device = TOTPDevice.objects.get(user=admin_user)
        published = admin.post(url, {**data, "reauth_code": current_code(device)})
    assert published.status_code == 302
    assert DocumentTemplate.objects.filter(kind="contract", variant="adult").count() == 2
    assert AuditEvent.objects.filter(action="auth.reauthenticated").exists()


def test_guessing_signing_links_is_rate_limited(db):
    client = Client()
    for n in range(30):
        response = client.get(reverse("contracting_sign", args=[f"guess-{n:04d}-" + "x" * 30]))
        assert response.status_code in (404, 410)
    response = client.get(reverse("contracting_sign", args=["guess-final-" + "x" * 30]))
    assert response.status_code == 429
    assert AuditEvent.objects.filter(action="security.rate_limited").exists()
