"""Two-factor sign-in: enrolment, codes, recovery codes, replay, reset, re-authentication."""

import time

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice import two_factor
from practice.models import AuditEvent, RecoveryCode, User
from tests.conftest import PASSWORD, signed_in
from tests.practice.totp import code_at, current_code


def _password_only(user: User) -> Client:
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    return client


def _enrol(client: Client, user: User) -> list[str]:
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    assert response["Location"] == reverse("two_factor_recovery_codes")
    page = client.get(reverse("two_factor_recovery_codes")).content.decode()
    import re

    return re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", page)


def test_new_account_must_enrol_before_anything_else(therapist):
    client = _password_only(therapist)
    response = client.get(reverse("therapist_dashboard"))
    assert response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Set up two-factor sign-in" in page
    qr = client.get(reverse("two_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_enrolment_with_a_wrong_code_is_refused_and_audited(therapist):
    client = _password_only(therapist)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "123456"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=therapist, confirmed=True).exists()
    assert AuditEvent.objects.filter(action="auth.2fa_failed").exists()


def test_enrolment_shows_ten_recovery_codes_once_and_stores_only_hashes(therapist):
    client = _password_only(therapist)
    codes = _enrol(client, therapist)
    assert len(codes) == 10
    again = client.get(reverse("two_factor_recovery_codes")).content.decode()
    assert "shown only once" in again and codes[0] not in again
    stored = " ".join(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert all(code.replace("-", "") not in stored for code in codes)
    assert client.get(reverse("therapist_dashboard")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.2fa_enrolled").exists()


def test_wrong_code_is_refused_with_a_clear_message_and_audited(therapist):
    two_factor.demo_device(therapist)
    client = _password_only(therapist)
    response = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert "That code is wrong" in response.content.decode()
    assert client.get(reverse("therapist_dashboard")).status_code == 302
    event = AuditEvent.objects.filter(action="auth.2fa_failed").latest("seq")
    assert event.details["reason"] == "wrong_or_used"


def test_replayed_code_is_refused(therapist):
    device = two_factor.demo_device(therapist)
    code = current_code(device)
    first = _password_only(therapist)
    assert first.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    second = _password_only(therapist)
    response = second.post(reverse("two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert "already used" in response.content.decode()


def test_expired_code_is_refused(therapist):
    device = two_factor.demo_device(therapist)
    old = code_at(device, time.time() - 300)
    response = _password_only(therapist).post(reverse("two_factor_verify"), {"code": old})
    assert "wrong, expired" in response.content.decode()


def test_repeated_wrong_codes_are_throttled_and_the_wait_is_named(therapist):
    device = two_factor.demo_device(therapist)
    client = _password_only(therapist)
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    client.post(reverse("two_factor_verify"), {"code": "000001"})
    response = client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    assert "Too many wrong codes in a row. Wait 2 seconds, then try again." in (
        response.content.decode()
    )
    event = AuditEvent.objects.filter(action="auth.2fa_failed").latest("seq")
    assert event.details["reason"] == "throttled"


def test_recovery_code_works_once(therapist):
    codes = _enrol(_password_only(therapist), therapist)
    client = _password_only(therapist)
    response = client.post(reverse("two_factor_verify"), {"code": codes[0].lower()})
    assert response.status_code == 302
    assert client.get(reverse("therapist_dashboard")).status_code == 200
    with time_machine.travel(time.time() + 120):  # past the throttle window
        reused = _password_only(therapist).post(reverse("two_factor_verify"), {"code": codes[0]})
    assert "already used" in reused.content.decode()


def test_sensitive_change_needs_a_fresh_code(admin_user, therapist):
    client = signed_in(admin_user)
    with time_machine.travel(time.time() + 10 * 60):
        response = client.post(
            reverse("staff_detail", kwargs={"ref": therapist.ref}),
            {"first_name": "Renamed", "last_name": "", "email": "", "roles": []},
        )
        assert response["Location"].startswith(reverse("two_factor_confirm"))
        therapist.refresh_from_db()
        assert therapist.role_names == {"therapist"}
        device = TOTPDevice.objects.get(user=admin_user)
        client.post(reverse("two_factor_confirm"), {"code": current_code(device)})
        response = client.post(
            reverse("staff_detail", kwargs={"ref": therapist.ref}),
            {"first_name": "Renamed", "last_name": "", "email": "", "roles": []},
        )
    assert response.status_code == 302
    assert User.objects.get(pk=therapist.pk).role_names == set()
    assert AuditEvent.objects.filter(action="auth.reauthenticated").exists()


def test_second_factor_reset_needs_a_second_person_and_is_audited(
    admin_user, therapist, supervision
):
    from practice.models import AccountChange

    two_factor.demo_device(therapist)
    signed_in(admin_user).post(reverse("staff_two_factor_reset", kwargs={"ref": therapist.ref}))
    assert TOTPDevice.objects.filter(user=therapist).exists()  # asked, not done
    change = AccountChange.objects.get(account=therapist)
    signed_in(supervision.supervisor).post(
        reverse("account_change_decide", kwargs={"ref": change.ref, "decision": "approve"})
    )
    assert not TOTPDevice.objects.filter(user=therapist).exists()
    assert AuditEvent.objects.filter(
        action="auth.account_change_approved",
        target_ref=str(therapist.ref),
        actor_label="supervisor",
    ).exists()
    client = _password_only(therapist)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_demo_code_prints_for_demo_accounts_only(therapist, capsys):
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_code", "therapist")
    User.objects.filter(pk=therapist.pk).update(is_demo=True)
    device = two_factor.demo_device(therapist)
    call_command("demo_code", "therapist")
    assert capsys.readouterr().out.strip() == current_code(device)


def test_a_password_alone_cannot_add_a_passkey(therapist):
    two_factor.demo_device(therapist)
    client = _password_only(therapist)
    response = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_a_password_alone_may_start_a_passkey_check(therapist):
    two_factor.demo_device(therapist)
    client = _password_only(therapist)
    response = client.post(reverse("otp_webauthn:credential-authentication-begin"))
    assert response.status_code == 200
    assert "challenge" in response.json()


def test_passkeys_never_replace_the_password(db):
    response = Client().post(reverse("otp_webauthn:credential-authentication-begin"))
    assert response.status_code >= 400
    assert "application/json" in response["Content-Type"]


def test_admin_reset_removes_passkeys_too(admin_user, therapist):
    from django_otp_webauthn.models import WebAuthnCredential

    WebAuthnCredential.objects.create(
        user=therapist,
        name="key",
        credential_id=b"x",
        public_key=b"y",
        sign_count=0,
        confirmed=True,
    )
    from practice import account_changes

    account_changes.server_request(account=therapist, kind="second_factor")
    assert not WebAuthnCredential.objects.filter(user=therapist).exists()


def test_a_stale_change_comes_back_filled_in_marked_not_saved(admin_user, therapist):
    """Issue 10: the change typed before the fresh-code check is not silently lost."""
    client = signed_in(admin_user)
    url = reverse("staff_detail", kwargs={"ref": therapist.ref})
    with time_machine.travel(time.time() + 10 * 60):
        client.post(
            url,
            {"first_name": "Renamed", "last_name": "", "email": "", "roles": ["admin"]},
            HTTP_REFERER="http://testserver" + url,
        )
        device = TOTPDevice.objects.get(user=admin_user)
        response = client.post(
            reverse("two_factor_confirm") + "?next=" + url, {"code": current_code(device)}
        )
        assert response["Location"] == url
        page = client.get(url).content.decode()
    assert "Not saved yet" in page
    assert 'value="Renamed"' in page
    assert 'value="admin" id="id_roles_' in page and "checked" in page
    therapist.refresh_from_db()
    assert therapist.role_names == {"therapist"} and therapist.first_name == "Alex"
    assert "Not saved yet" not in client.get(url).content.decode()  # shown once


def test_recovery_codes_are_locked_while_checked(therapist, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    codes = _enrol(_password_only(therapist), therapist)
    device = two_factor.RecoveryCodeDevice.objects.get(user=therapist)
    with CaptureQueriesContext(connection) as captured:
        assert device.verify_token(codes[1])
    if connection.vendor == "postgresql":
        assert any("FOR UPDATE" in query["sql"] for query in captured.captured_queries)
    assert not device.verify_token(codes[1])
