"""Password reset by e-mail: works once, says nothing about who has an account, rate limited."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from practice.models import AuditEvent


def _request(client: Client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def test_reset_link_sets_a_new_password_once(therapist):
    therapist.email = "alex@example.org"
    therapist.save()
    client = Client()
    assert _request(client, "alex@example.org")["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+)", mail.outbox[0].body)[1]
    form_url = client.get(link)["Location"]
    new = "a-brand-new-password-7"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("password_reset_complete")
    therapist.refresh_from_db()
    assert therapist.check_password(new)
    assert AuditEvent.objects.filter(
        action="auth.password_reset_done", actor_label="therapist"
    ).exists()
    again = Client().get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_unknown_address_looks_the_same_and_sends_nothing(db):
    response = _request(Client(), "nobody@example.org")
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_reset_requests_are_rate_limited(db):
    client = Client()
    for _ in range(5):
        assert _request(client, "x@example.org").status_code == 302
    response = _request(client, "x@example.org")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert AuditEvent.objects.filter(action="security.rate_limited").exists()


def test_at_most_three_mails_an_hour_to_one_address(therapist):
    therapist.email = "alex@example.org"
    therapist.save()
    for n in range(4):
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(
            reverse("password_reset"), {"email": "alex@example.org"}
        )
    assert len(mail.outbox) == 3
