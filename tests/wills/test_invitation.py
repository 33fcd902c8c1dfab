"""Naming someone who has no account yet: the therapist names an address, an admin
countersigns and the invitation goes out; the link makes one executor account, which must
set up two-step sign-in before the naming can be used. Expired, used and forged links are
refused with the reason, change nothing and are kept on the trail."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice.models import AuditEvent, PracticeProfile, User
from tests.conftest import make_staff, signed_in
from tests.wills.builders import asked
from wills import services
from wills.models import Nomination

pytestmark = pytest.mark.django_db(databases="__all__")

PASSWORD = "a quiet harbour at dawn"
ADDRESS = "robin@example.org"


def _invited(therapist, admin_user, capture, mailoutbox) -> tuple[Nomination, str]:
    nomination = services.nomination_invite(actor=therapist, email=ADDRESS, may_send_letters=True)
    with capture(execute=True):
        services.nomination_countersign(
            actor=admin_user, nomination=nomination, site_url="https://practice.test"
        )
    nomination.refresh_from_db()
    token = re.search(r"/will/invitation/([A-Za-z0-9_-]+)/", mailoutbox[-1].body).group(1)
    return nomination, token


@pytest.fixture
def invited(therapist, admin_user, django_capture_on_commit_callbacks, mailoutbox):
    return _invited(therapist, admin_user, django_capture_on_commit_callbacks, mailoutbox)


def _accept(client, token, **changes):
    values = {
        "username": "robin",
        "first_name": "Robin",
        "last_name": "Reyes",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **changes,
    }
    return client.post(reverse("will_invitation", kwargs={"token": token}), values)


def test_the_invitation_goes_out_only_when_an_admin_countersigns(
    therapist, admin_user, django_capture_on_commit_callbacks, mailoutbox
):
    nomination = services.nomination_invite(actor=therapist, email=ADDRESS, may_send_letters=True)
    assert mailoutbox == [] and nomination.executor is None and not nomination.in_force
    assert nomination.status_label == "Waiting for an admin to countersign"
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_countersign(actor=admin_user, nomination=nomination)
    nomination.refresh_from_db()
    assert [m.to for m in mailoutbox] == [[ADDRESS]]
    assert not nomination.in_force
    assert nomination.status_label.startswith("Invitation sent")
    assert AuditEvent.objects.filter(action="will.invitation_sent").count() == 1


def test_the_invitation_says_nothing_about_therapy_or_clients(
    therapist, admin_user, django_capture_on_commit_callbacks, mailoutbox
):
    profile = PracticeProfile.load()
    profile.name = "Harbour Lane Practice"
    profile.save()
    _invited(therapist, admin_user, django_capture_on_commit_callbacks, mailoutbox)
    message = mailoutbox[-1]
    words = f"{message.subject}\n{message.body}".lower()
    for word in (
        "therap",
        "counsel",
        "client",
        "professional will",
        "executor",
        "died",
        "illness",
        "note",
    ):
        assert not re.search(rf"\b{word}", words), word
    assert therapist.username not in words
    assert "Harbour Lane Practice" in message.body
    assert "works once" in message.body


def test_the_token_is_kept_only_as_its_hash(invited):
    nomination, token = invited
    assert token not in str(Nomination.objects.filter(pk=nomination.pk).values().get())
    assert len(nomination.invitation_token_hash) == 64


def test_the_link_makes_an_executor_account_that_must_set_up_two_step_sign_in(invited, client):
    nomination, token = invited
    page = client.get(reverse("will_invitation", kwargs={"token": token}))
    assert page.status_code == 200 and b"Create your account" in page.content
    response = _accept(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("two_factor_setup")
    user = User.objects.get(username="robin")
    nomination.refresh_from_db()
    assert nomination.executor == user and user.email == ADDRESS
    assert user.role_names == {"executor"}
    assert not nomination.in_force
    assert nomination.status_label == "Waiting for the person to set up two-step sign-in"
    with pytest.raises(services.WillRefused, match="two-step sign-in"):
        services.activation_ask(
            actor=user,
            nomination=nomination,
            reason="death",
            unreachable_days=None,
            explanation="Told by the family.",
        )
    # the new account's pages wait for the second factor like every other account's
    assert client.get(reverse("will_executor"))["Location"].startswith(reverse("two_factor_setup"))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    nomination = Nomination.objects.get(pk=nomination.pk)
    assert nomination.in_force and nomination.status_label == "In force"
    assert asked(nomination).executor == user
    accepted = AuditEvent.objects.get(action="will.invitation_accepted")
    assert accepted.actor == user and accepted.target_ref == str(nomination.ref)
    assert AuditEvent.objects.filter(action="staff.created", target_ref=str(user.ref)).exists()


def test_a_used_link_is_refused_and_changes_nothing(invited, client):
    nomination, token = invited
    _accept(client, token)
    again = _accept(signed_in(None), token, username="someone_else")
    assert again.status_code == 410
    assert b"already been used" in again.content
    assert not User.objects.filter(username="someone_else").exists()
    assert AuditEvent.objects.filter(action="will.refused", details__doing="invitation").exists()


def test_an_expired_link_is_refused_and_changes_nothing(invited, client):
    nomination, token = invited
    with time_machine.travel(timezone.now() + timedelta(hours=72, minutes=1)):
        response = _accept(client, token)
    assert response.status_code == 410 and b"expired" in response.content
    assert not User.objects.filter(username="robin").exists()
    nomination.refresh_from_db()
    assert nomination.executor is None


def test_a_forged_link_is_refused(invited, client):
    response = _accept(client, "x" * 43)
    assert response.status_code == 404 and b"not valid" in response.content
    assert not User.objects.filter(username="robin").exists()
    refusal = AuditEvent.objects.filter(action="will.refused", details__doing="invitation").last()
    assert refusal.details["rule"] == "unknown"


def test_a_withdrawn_naming_s_link_is_refused(invited, therapist, client):
    nomination, token = invited
    services.nomination_withdraw(actor=therapist, nomination=nomination)
    assert _accept(client, token).status_code == 410
    assert not User.objects.filter(username="robin").exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"password": "short", "password_again": "short"}, "password", "too short"),
        ({"password_again": "something different"}, "password_again", "not the same"),
        ({"username": "therapist"}, "username", "already exists"),
        ({"username": ""}, "username", "required"),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(invited, client, changes, field, words):
    nomination, token = invited
    before = User.objects.count()
    response = _accept(client, token, **changes)
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors[field]).lower()
    assert User.objects.count() == before
    nomination.refresh_from_db()
    assert nomination.executor is None and nomination.invitation_used_at is None


def test_a_new_invitation_replaces_the_old_link(
    invited, admin_user, django_capture_on_commit_callbacks, mailoutbox, client
):
    nomination, old = invited
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(actor=admin_user, nomination=nomination)
    new = re.search(r"/will/invitation/([A-Za-z0-9_-]+)/", mailoutbox[-1].body).group(1)
    assert new != old
    assert _accept(client, old).status_code == 404
    assert _accept(client, new).status_code == 302


def test_an_invitation_is_not_sent_again_once_used(invited, admin_user, client):
    nomination, token = invited
    _accept(client, token)
    with pytest.raises(services.WillRefused, match="nothing to send"):
        services.invitation_send(actor=admin_user, nomination=nomination)


@pytest.mark.parametrize(
    ("email", "words"),
    [
        ("", "e-mail address"),
        ("alex@example.org", "cannot name yourself"),
        ("colleague@example.org", "already has an account"),
    ],
)
def test_who_may_not_be_invited(therapist, email, words):
    therapist.email = "alex@example.org"
    therapist.save()
    make_staff("colleague", "therapist", email="colleague@example.org")
    with pytest.raises(services.WillRefused, match=words):
        services.nomination_invite(actor=therapist, email=email, may_send_letters=True)
    assert not Nomination.objects.exists()


def test_the_same_address_is_not_invited_twice(therapist):
    services.nomination_invite(actor=therapist, email=ADDRESS, may_send_letters=True)
    with pytest.raises(services.WillRefused, match="already named"):
        services.nomination_invite(actor=therapist, email=ADDRESS.upper(), may_send_letters=True)


def test_the_therapist_names_by_address_on_their_page(therapist, admin_user, mailoutbox):
    from practice.idempotency import new_token

    page = signed_in(therapist)
    response = page.post(
        reverse("will_mine"),
        {"invited_email": ADDRESS, "may_send_letters": "on", "form_token": new_token()},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.invited_email == ADDRESS and nomination.executor is None
    listing = signed_in(admin_user).get(reverse("will_admin"))
    assert ADDRESS.encode() in listing.content
    both = page.post(
        reverse("will_mine"),
        {"invited_email": "x@example.org", "executor": "", "form_token": new_token()},
    )
    assert both.status_code == 302  # a second address is a second naming
    neither = page.post(reverse("will_mine"), {"form_token": new_token()})
    assert neither.status_code == 400
    assert b"Choose a colleague, or give the address" in neither.content
