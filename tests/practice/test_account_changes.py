"""No one person can hand themselves another person's account."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice import account_changes, two_factor
from practice.models import AccountChange, AuditEvent, User
from practice.roles import Role
from tests.conftest import PASSWORD, make_staff, signed_in


@pytest.fixture
def admin2(db):
    return make_staff("admin2", Role.ADMIN)


def _decide(client: Client, change: AccountChange, decision: str):
    return client.post(
        reverse("account_change_decide", kwargs={"ref": change.ref, "decision": decision}),
        follow=True,
    )


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_one_admin_alone_cannot_take_over_a_therapist(admin_user, therapist, mailoutbox):
    """The review's takeover: new e-mail, reset link, password, second factor: all wait."""
    User.objects.filter(pk=therapist.pk).update(email="alex@practice.invalid")
    two_factor.demo_device(therapist)
    attacker = signed_in(admin_user)
    staff_url = reverse("staff_detail", kwargs={"ref": therapist.ref})
    attacker.post(
        staff_url,
        {"first_name": "Alex", "last_name": "", "email": "evil@x.invalid", "roles": ["therapist"]},
    )
    attacker.post(reverse("staff_password_reset", kwargs={"ref": therapist.ref}))
    attacker.post(reverse("staff_two_factor_reset", kwargs={"ref": therapist.ref}))
    mailoutbox.clear()
    Client().post(reverse("password_reset"), {"email": "evil@x.invalid"})
    therapist.refresh_from_db()
    assert therapist.email == "alex@practice.invalid"
    assert therapist.check_password(PASSWORD)
    assert TOTPDevice.objects.filter(user=therapist).exists()
    assert mailoutbox == []  # no reset link to the attacker's address
    # The requester cannot approve their own requests.
    for change in AccountChange.objects.filter(account=therapist):
        response = _decide(attacker, change, "approve")
        assert "You may not take this step" in _messages(response)
        change.refresh_from_db()
        assert change.status == "pending"
    therapist.refresh_from_db()
    assert therapist.email == "alex@practice.invalid"
    assert TOTPDevice.objects.filter(user=therapist).exists()
    assert AccountChange.objects.filter(account=therapist).count() == 3


def test_email_change_applies_once_a_second_admin_approves_and_owner_is_told(
    admin_user, admin2, therapist, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=therapist.pk).update(email="alex@practice.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(admin_user).post(
            reverse("staff_detail", kwargs={"ref": therapist.ref}),
            {
                "first_name": "Alex",
                "last_name": "",
                "email": "new@x.invalid",
                "roles": ["therapist"],
            },
        )
    change = AccountChange.objects.get(account=therapist, kind="email")
    assert [m.to for m in mailoutbox] == [["alex@practice.invalid"]]  # told of the request
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(signed_in(admin2), change, "approve")
    assert "Approved and applied" in _messages(response)
    therapist.refresh_from_db()
    assert therapist.email == "new@x.invalid"
    assert sorted(mailoutbox[0].to) == ["alex@practice.invalid", "new@x.invalid"]
    assert "http" not in mailoutbox[0].body and "admin2" in mailoutbox[0].body
    assert AuditEvent.objects.filter(
        action="auth.account_change_approved", actor_label="admin2", target_ref=str(therapist.ref)
    ).exists()
    # No reset link to an address someone else set in the last 7 days...
    mailoutbox.clear()
    Client().post(reverse("password_reset"), {"email": "new@x.invalid"})
    assert mailoutbox == []
    # ...and after that, the owner can reset as usual.
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        Client().post(reverse("password_reset"), {"email": "new@x.invalid"})
    assert len(mailoutbox) == 1


def test_the_accounts_supervisor_may_approve_and_another_supervisor_gets_404(
    admin_user, therapist, supervision
):
    other = make_staff("othersup", Role.SUPERVISOR)
    two_factor.demo_device(therapist)
    change = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind="second_factor"
    )
    assert _decide(signed_in(other), change, "approve").status_code == 404
    assert _decide(signed_in(therapist), change, "approve").status_code == 404  # the owner
    _decide(signed_in(supervision.supervisor), change, "approve")
    assert not TOTPDevice.objects.filter(user=therapist).exists()


def test_an_expired_request_cannot_be_approved(admin_user, admin2, therapist):
    two_factor.demo_device(therapist)
    change = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind="second_factor"
    )
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        response = _decide(signed_in(admin2), change, "approve")
    assert "expired" in _messages(response)
    change.refresh_from_db()
    assert change.status == "pending"
    assert TOTPDevice.objects.filter(user=therapist).exists()


def test_refuse_and_withdraw_change_nothing(admin_user, admin2, therapist):
    first = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind="password"
    )
    _decide(signed_in(admin2), first, "refuse")
    second = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind="password"
    )
    _decide(signed_in(admin_user), second, "cancel")
    assert list(AccountChange.objects.order_by("pk").values_list("status", flat=True)) == [
        "refused",
        "cancelled",
    ]
    therapist.refresh_from_db()
    assert therapist.check_password(PASSWORD)


def test_a_second_request_of_the_same_kind_is_refused_while_one_waits(admin_user, therapist):
    signed_in(admin_user).post(reverse("staff_password_reset", kwargs={"ref": therapist.ref}))
    response = signed_in(admin_user).post(
        reverse("staff_password_reset", kwargs={"ref": therapist.ref}), follow=True
    )
    assert "already waiting for approval" in _messages(response)
    assert AccountChange.objects.count() == 1


def test_approved_password_reset_ends_the_old_password(admin_user, admin2, therapist):
    change = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind="password"
    )
    account_changes.account_change_approve(actor=admin2, change=change)
    therapist.refresh_from_db()
    assert not therapist.check_password(PASSWORD)


@pytest.mark.parametrize("cell", list(account_changes.MACHINE.cells()), ids=str)
def test_every_cell_of_the_table(cell, admin_user, admin2, therapist):
    change = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind="password"
    )
    AccountChange.objects.filter(pk=change.pk).update(status=cell.state)
    change.refresh_from_db()
    for actor in (admin_user, admin2, therapist):
        allowed = account_changes.MACHINE.allows(actor=actor, obj=change, action=cell.action)
        expected = cell.target is not None and (
            (cell.party == "second_person" and actor == admin2)
            or (cell.party == "requester" and actor == admin_user)
        )
        assert allowed == expected, (actor.username, cell)


def test_next_sign_in_says_who_reset_what_and_when_and_where_from(admin_user, admin2, therapist):
    two_factor.demo_device(therapist)
    Client().post(reverse("login"), {"username": "therapist", "password": PASSWORD})
    change = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind="second_factor"
    )
    account_changes.account_change_approve(actor=admin2, change=change)
    client = Client()
    response = client.post(
        reverse("login"), {"username": "therapist", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert "Your second-factor reset was asked for by admin on" in body
    assert "approved by admin2 on" in body
    assert "Your last sign-in was on" in body and "from 127.0.0.1" in body
    again = Client().post(
        reverse("login"), {"username": "therapist", "password": PASSWORD}, follow=True
    )
    assert "second-factor reset" not in again.content.decode()  # said once


def test_first_sign_in_says_so(therapist):
    response = Client().post(
        reverse("login"), {"username": "therapist", "password": PASSWORD}, follow=True
    )
    assert "first sign-in on record" in response.content.decode()


def test_server_command_for_a_practice_with_nobody_to_approve(
    admin_user, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=admin_user.pk).update(email="morgan@practice.invalid")
    two_factor.demo_device(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("account_change", "admin", "--second-factor")
    assert "second-factor reset of admin" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    assert AuditEvent.objects.filter(
        action="auth.account_change_approved", actor_label="server-command"
    ).exists()
    assert mailoutbox[0].to == ["morgan@practice.invalid"]


def test_server_command_approves_a_waiting_request(admin_user, therapist, capsys):
    change = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind="password"
    )
    call_command("account_change", "--approve", str(change.ref))
    change.refresh_from_db()
    assert change.status == "applied" and change.decided_by_label == "server-command"


def test_reset_links_expire_after_one_hour(settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
