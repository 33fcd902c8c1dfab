"""Enrolment keys belong to the one session enrolling; replacing a factor needs a fresh
code from an existing one; the session id is renewed once past the second factor."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice import two_factor
from practice.models import User
from practice.two_factor import VERIFIED_AT_SESSION_KEY
from tests.conftest import PASSWORD, signed_in
from tests.practice.totp import current_code


def _password_only(user: User) -> Client:
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    return client


def _waiting_key(client: Client, user: User) -> TOTPDevice:
    client.get(reverse("two_factor_setup"))
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_qr_code_is_served_only_to_the_session_that_started_the_setup(therapist):
    owner, attacker = _password_only(therapist), _password_only(therapist)
    device = _waiting_key(owner, therapist)
    assert attacker.get(reverse("two_factor_qr")).status_code == 404
    response = owner.get(reverse("two_factor_qr"))
    assert response.status_code == 200 and device.key  # the owner sees their own key


def test_a_key_an_attacker_saw_cannot_be_the_one_the_owner_confirms(therapist):
    attacker = _password_only(therapist)
    seen = _waiting_key(attacker, therapist)
    owner = _password_only(therapist)
    owner.get(reverse("two_factor_setup"))
    mine = TOTPDevice.objects.get(user=therapist, confirmed=False, pk__gt=seen.pk)
    assert mine.key != seen.key  # a fresh key per set-up, per session
    owner.post(reverse("two_factor_setup"), {"code": current_code(mine)})
    confirmed = TOTPDevice.objects.get(user=therapist, confirmed=True)
    assert confirmed.key == mine.key != seen.key
    assert TOTPDevice.objects.filter(user=therapist).count() == 1  # the attacker's key is gone
    response = attacker.post(reverse("two_factor_setup"), {"code": current_code(seen)})
    assert response["Location"] == reverse("two_factor_verify")
    response = attacker.post(reverse("two_factor_verify"), {"code": current_code(seen)})
    assert "wrong" in response.content.decode()


def test_each_setup_page_gets_a_fresh_key(therapist):
    client = _password_only(therapist)
    first = _waiting_key(client, therapist)
    second = _waiting_key(client, therapist)
    assert first.key != second.key
    assert not TOTPDevice.objects.filter(pk=first.pk).exists()


def test_an_unconfirmed_authenticator_expires(therapist):
    client = _password_only(therapist)
    device = _waiting_key(client, therapist)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(reverse("two_factor_setup"), {"code": current_code(device)})
        body = response.content.decode()
    assert "waited too long" in body
    assert not TOTPDevice.objects.filter(user=therapist, confirmed=True).exists()


def test_confirming_a_new_factor_is_not_a_fresh_check(admin_user):
    client = _password_only(admin_user)
    device = _waiting_key(client, admin_user)
    client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    assert VERIFIED_AT_SESSION_KEY not in client.session
    response = client.post(reverse("staff_create"), {"username": "x"})
    assert response["Location"].startswith(reverse("two_factor_confirm"))


def _stale(user: User) -> Client:
    client = signed_in(user)
    session = client.session
    session[VERIFIED_AT_SESSION_KEY] = 0.0
    session.save()
    return client


def test_a_stale_session_cannot_replace_its_authenticator(therapist):
    client = _stale(therapist)
    old = TOTPDevice.objects.get(user=therapist, confirmed=True)
    response = client.get(reverse("two_factor_setup"))
    assert response["Location"].startswith(reverse("two_factor_confirm"))
    assert not TOTPDevice.objects.filter(user=therapist, confirmed=False).exists()
    assert client.post(reverse("two_factor_setup"), {"code": "123456"}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=therapist, confirmed=True)) == [old]


def test_a_fresh_session_may_replace_its_authenticator(therapist):
    client = signed_in(therapist)
    device = _waiting_key(client, therapist)
    client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    assert TOTPDevice.objects.get(user=therapist, confirmed=True).pk == device.pk


def test_a_stale_session_cannot_add_a_passkey(therapist):
    client = _stale(therapist)
    for name in ("credential-registration-begin", "credential-registration-complete"):
        response = client.post(reverse(f"otp_webauthn:{name}"))
        assert response.status_code == 403
        assert "fresh code" in response.json()["detail"]
    page = client.get(reverse("account")).content.decode()
    assert "passkey-register-button" not in page and "confirm it" in page


def test_a_fresh_session_may_start_adding_a_passkey(therapist):
    response = signed_in(therapist).post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 200 and "challenge" in response.json()


def test_session_id_is_renewed_after_the_second_factor(therapist):
    device = two_factor.demo_device(therapist)
    client = _password_only(therapist)
    before = client.session.session_key
    client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    after = client.session.session_key
    assert before and after and before != after
    assert client.get(reverse("therapist_dashboard")).status_code == 200
