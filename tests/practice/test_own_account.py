"""A member of staff's own account: changing the password, signing out, typo-tolerant codes."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice import two_factor
from practice.models import AuditEvent, User
from tests.conftest import PASSWORD, signed_in
from tests.practice.totp import current_code

NEW = "a-brand-new-password-2"


def _change(client: Client, **overrides):
    data = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW, **overrides}
    return client.post(reverse("password_change"), data)


def _password_unchanged(user: User) -> bool:
    user.refresh_from_db()
    return user.check_password(PASSWORD) and not user.check_password(NEW)


def test_staff_change_their_own_password_with_a_fresh_code(therapist):
    device = two_factor.demo_device(therapist)
    client, elsewhere = signed_in(therapist), signed_in(therapist)
    assert "Change your password" in client.get(reverse("account")).content.decode()
    response = _change(client, code=current_code(device))
    assert response["Location"] == reverse("account")
    therapist.refresh_from_db()
    assert therapist.check_password(NEW)
    assert "Your password has been changed" in client.get(reverse("account")).content.decode()
    # The browser that changed it stays signed in; any other session ends.
    assert client.get(reverse("therapist_dashboard")).status_code == 200
    assert elsewhere.get(reverse("therapist_dashboard"))["Location"].startswith(reverse("login"))
    changed = AuditEvent.objects.get(action="auth.password_changed")
    assert changed.target_ref == str(therapist.ref) and changed.details == {}
    assert AuditEvent.objects.filter(action="auth.reauthenticated").exists()


def test_a_wrong_code_changes_nothing_and_says_why(therapist):
    two_factor.demo_device(therapist)
    response = _change(signed_in(therapist), code="000000")
    assert response.status_code == 200
    assert "That code is wrong" in response.content.decode()
    assert _password_unchanged(therapist)
    assert not AuditEvent.objects.filter(action="auth.password_changed").exists()


def test_a_wrong_current_password_changes_nothing_and_keeps_the_code_unspent(therapist):
    device = two_factor.demo_device(therapist)
    client = signed_in(therapist)
    code = current_code(device)
    response = _change(client, old_password="not-my-password", code=code)
    assert "Your current password is not right" in response.content.decode()
    assert _password_unchanged(therapist)
    assert _change(client, code=code).status_code == 302


def test_a_weak_or_mismatched_new_password_is_refused(therapist):
    device = two_factor.demo_device(therapist)
    client = signed_in(therapist)
    short = _change(client, new_password1="short", new_password2="short", code="1")
    assert "too short" in short.content.decode()
    other = _change(client, new_password2=NEW + "x", code=current_code(device))
    assert "didn’t match" in other.content.decode()
    assert _password_unchanged(therapist)


def test_signing_out_says_so_and_not_that_the_session_timed_out(therapist):
    response = signed_in(therapist).post(reverse("logout"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You have signed out." in page
    assert "without activity" not in page
    assert AuditEvent.objects.filter(action="auth.logout").exists()


def _password_only(user: User) -> Client:
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    return client


def test_one_wrong_code_then_the_right_one_signs_in_without_a_wait(therapist):
    device = two_factor.demo_device(therapist)
    client = _password_only(therapist)
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert "That code is wrong" in wrong.content.decode()
    right = client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    assert right.status_code == 302
    assert client.get(reverse("therapist_dashboard")).status_code == 200


def test_the_throttle_message_names_a_longer_wait_in_minutes(therapist):
    device = two_factor.demo_device(therapist)
    # Eight wrong codes in a row just now: django-otp asks for 2**7 = 128 seconds.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=8, throttling_failure_timestamp=timezone.now()
    )
    response = _password_only(therapist).post(
        reverse("two_factor_verify"), {"code": current_code(device)}
    )
    assert "Too many wrong codes in a row. Wait 3 minutes, then try again." in (
        response.content.decode()
    )


def test_one_wrong_code_then_the_right_one_completes_enrolment(therapist):
    client = _password_only(therapist)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=therapist, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": "000000"})
    response = client.post(reverse("two_factor_setup"), {"code": current_code(device)})
    assert response["Location"] == reverse("two_factor_recovery_codes")
