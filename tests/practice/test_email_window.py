"""The two-person rule is decided by what the change would reach, not by the roles held
this minute: roles held in the last 30 days, and any change to roles in them, count
(issue 19). Every change of someone else's e-mail is stamped and tells the old address."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from practice.models import AccountChange, User
from practice.roles import Role
from tests.conftest import make_staff, signed_in


def _save(browser, member: User, *, email: str, roles: list[str]):
    return browser.post(
        reverse("staff_detail", kwargs={"ref": member.ref}),
        {"first_name": member.first_name, "last_name": "", "email": email, "roles": roles},
        follow=True,
    )


def test_roles_removed_then_email_changed_still_waits_for_a_second_person(
    admin_user, therapist, mailoutbox, django_capture_on_commit_callbacks
):
    """The review's walk-around: take the roles off, change the address, put them back."""
    User.objects.filter(pk=therapist.pk).update(email="alex@practice.invalid")
    therapist.refresh_from_db()
    attacker = signed_in(admin_user)
    _save(attacker, therapist, email="alex@practice.invalid", roles=[])
    assert User.objects.get(pk=therapist.pk).role_names == set()

    with django_capture_on_commit_callbacks(execute=True):
        response = _save(attacker, therapist, email="evil@x.invalid", roles=[])

    assert "waits for a second person" in response.content.decode()
    therapist.refresh_from_db()
    assert therapist.email == "alex@practice.invalid"
    assert therapist.email_changed_at is None
    change = AccountChange.objects.get(account=therapist, kind="email")
    assert change.status == "pending" and change.new_email == "evil@x.invalid"
    assert any("alex@practice.invalid" in message.to for message in mailoutbox)
    # A reset asked for at the attacker's address sends nothing.
    mailoutbox.clear()
    Browser().post(reverse("password_reset"), {"email": "evil@x.invalid"})
    assert mailoutbox == []


def test_an_account_that_held_no_role_in_the_window_changes_at_once_stamped_and_told(
    admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = make_staff("newcomer", email="old@practice.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        _save(signed_in(admin_user), newcomer, email="new@practice.invalid", roles=[])

    newcomer.refresh_from_db()
    assert newcomer.email == "new@practice.invalid"
    assert newcomer.email_changed_by_id == admin_user.pk
    assert newcomer.email_changed_at is not None
    change = AccountChange.objects.get(account=newcomer, kind="email")
    assert change.status == "applied" and change.decided_by_id is None
    assert any("old@practice.invalid" in message.to for message in mailoutbox)


def test_roles_given_up_more_than_thirty_days_ago_no_longer_count(admin_user):
    leaver = make_staff("leaver", Role.THERAPIST, email="old@practice.invalid")
    _save(signed_in(admin_user), leaver, email="old@practice.invalid", roles=[])
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        _save(signed_in(admin_user), User.objects.get(pk=leaver.pk), email="n@x.invalid", roles=[])
    assert User.objects.get(pk=leaver.pk).email == "n@x.invalid"


def test_a_role_waiting_for_approval_counts(admin_user):
    newcomer = make_staff("newcomer", email="old@practice.invalid")
    admin = signed_in(admin_user)
    _save(admin, newcomer, email="old@practice.invalid", roles=["therapist"])
    assert AccountChange.objects.filter(account=newcomer, kind="role").exists()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        _save(signed_in(admin_user), newcomer, email="new@x.invalid", roles=[])
    assert User.objects.get(pk=newcomer.pk).email == "old@practice.invalid"


def test_someone_elses_address_cannot_be_removed(admin_user, therapist):
    User.objects.filter(pk=therapist.pk).update(email="alex@practice.invalid")
    therapist.refresh_from_db()
    response = _save(signed_in(admin_user), therapist, email="", roles=["therapist"])
    assert "can be changed, not removed" in response.content.decode()
    assert User.objects.get(pk=therapist.pk).email == "alex@practice.invalid"


def test_ones_own_address_changes_at_once_and_is_stamped(admin_user):
    _save(signed_in(admin_user), admin_user, email="me@practice.invalid", roles=["admin"])
    admin_user.refresh_from_db()
    assert admin_user.email == "me@practice.invalid"
    assert admin_user.email_changed_by_id == admin_user.pk
