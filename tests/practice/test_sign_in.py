"""Signing in and out through the real login view, with django-axes and the audit trail."""

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practice.models import AuditEvent
from tests.conftest import PASSWORD, pass_second_factor, signed_in
from tests.practice.totp import current_code


def _login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_each_role_lands_on_its_dashboard_after_both_factors(therapist, supervisor, admin_user):
    from practice import two_factor

    for user, landing in (
        (therapist, "therapist_dashboard"),
        (supervisor, "supervisor_dashboard"),
        (admin_user, "admin_dashboard"),
    ):
        device = two_factor.demo_device(user)
        client = Client()
        response = _login(client, user.username, PASSWORD)
        assert response.status_code == 302
        assert client.get(response["Location"])["Location"] == reverse("two_factor_verify")
        response = client.post(reverse("two_factor_verify"), {"code": current_code(device)})
        assert response["Location"] == reverse("home")
        assert client.get(reverse("home"))["Location"] == reverse(landing)


def test_login_and_failed_login_are_audited(therapist):
    client = Client()
    _login(client, "therapist", "wrong-password")
    _login(client, "therapist", PASSWORD)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", "actor_label"))
    assert ("auth.login_failed", "") in actions
    assert ("auth.login", "therapist") in actions
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.details == {"username": "therapist"}
    assert failed.source == "127.0.0.1"


def test_wrong_password_gets_a_clear_message(therapist):
    response = _login(Client(), "therapist", "wrong-password")
    assert response.status_code == 200
    assert "Sign-in failed" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_repeated_failures_lock_the_account_even_with_the_right_password(therapist):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "therapist", "wrong-password")
    response = _login(Client(), "therapist", PASSWORD)
    assert response.status_code == 429
    assert "This account is locked for now" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.locked_out").exists()


def test_lockout_ends_after_the_cool_off(therapist):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "therapist", "wrong-password")
    with time_machine.travel(
        timezone.now() + settings.AXES_COOLOFF_TIME + timezone.timedelta(minutes=1)
    ):
        assert _login(Client(), "therapist", PASSWORD).status_code == 302


def test_deactivated_account_cannot_sign_in(therapist):
    therapist.is_active = False
    therapist.save()
    response = _login(Client(), "therapist", PASSWORD)
    assert response.status_code == 200
    assert "Sign-in failed" in response.content.decode()


def test_logout_ends_the_session_and_is_audited(therapist):
    client = Client()
    _login(client, "therapist", PASSWORD)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("therapist_dashboard")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor_label="therapist").exists()


def test_idle_session_expires(therapist):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _login(client, "therapist", PASSWORD)
        pass_second_factor(client, therapist)
        clock.shift(timezone.timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1))
        assert client.get(reverse("therapist_dashboard")).status_code == 200
        clock.shift(timezone.timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1))
        response = client.get(reverse("therapist_dashboard"))
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "session ended after a period without activity" in follow.content.decode()


def test_session_cookie_ends_with_the_browser():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_forged_csrf_token_gets_a_clear_page_and_changes_nothing(admin_user):
    client = signed_in(admin_user)
    client.handler.enforce_csrf_checks = True
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("practice_profile"),
        {"name": "Hijacked", "csrfmiddlewaretoken": "forged"},
    )
    assert response.status_code == 403
    assert "could not be accepted" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_unknown_page_is_a_clear_404(therapist):
    response = signed_in(therapist).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_wrong_role_gets_a_clear_403(therapist):
    response = signed_in(therapist).get(reverse("audit_log"))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_server_error_page_renders_in_the_layout(client):
    from django.views.defaults import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_argon2_is_the_production_hasher():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_failed_login_keeps_a_typed_password_only_as_a_keyed_hash(therapist):
    _login(Client(), "my secret passphrase 1", "whatever")
    _login(Client(), "my secret passphrase 1", "whatever")
    failed = list(AuditEvent.objects.filter(action="auth.login_failed"))
    assert len(failed) == 2
    stored = failed[0].details["username"]
    assert stored.startswith("unknown-") and "secret" not in stored
    assert failed[1].details["username"] == stored  # the same text shows as the same hash
    _login(Client(), "nobody-here", "whatever")
    assert AuditEvent.objects.filter(details__username="nobody-here").count() == 0


def test_lockout_per_address_ignores_the_user_agent(therapist):
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(HTTP_USER_AGENT=f"browser {n}").post(
            reverse("login"), {"username": f"guess{n}", "password": "wrong-password"}
        )
    response = Client(HTTP_USER_AGENT="yet another browser").post(
        reverse("login"), {"username": "therapist", "password": PASSWORD}
    )
    assert response.status_code == 429
