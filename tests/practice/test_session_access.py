"""A signed-in request reads only its session and the person's row; the roles and the
verified device held in the session stop being trusted the moment either changes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from practice import session_access
from practice.models import User
from practice.roles import Role
from tests.conftest import signed_in

CASELOAD = "therapist_dashboard"


def _stamp(user: User) -> int:
    return User.objects.get(pk=user.pk).access_stamp


def test_a_signed_in_request_reads_the_session_and_the_person_only(
    therapist, django_assert_num_queries
):
    browser = signed_in(therapist)
    assert browser.session[session_access.ACCESS_SESSION_KEY]["roles"] == [Role.THERAPIST]
    with django_assert_num_queries(2) as captured:  # "home" sends each role to its page
        response = browser.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse(CASELOAD)
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "otp_totp_totpdevice" not in tables and "auth_group" not in tables


@pytest.mark.parametrize(
    "change",
    ["role taken", "role taken from the role's side", "roles cleared", "device removed"],
)
def test_a_change_to_roles_or_devices_stops_the_session_at_once(therapist, change):
    browser = signed_in(therapist)
    assert browser.get(reverse(CASELOAD)).status_code == 200
    before = _stamp(therapist)
    if change == "role taken":
        therapist.groups.remove(Group.objects.get(name=Role.THERAPIST))
    elif change == "role taken from the role's side":
        Group.objects.get(name=Role.THERAPIST).user_set.remove(therapist)
    elif change == "roles cleared":
        therapist.groups.clear()
    else:
        TOTPDevice.objects.filter(user=therapist).delete()
    assert _stamp(therapist) > before
    response = browser.get(reverse(CASELOAD))
    if change == "device removed":  # no verified device: to the second factor, not the page
        assert response.status_code == 302
        assert reverse("two_factor_setup") in response["Location"]
    else:
        assert response.status_code == 403


def test_a_role_given_reaches_the_session_at_once(therapist):
    browser = signed_in(therapist)
    assert browser.get(reverse("admin_dashboard")).status_code == 403
    therapist.groups.add(Group.objects.get(name=Role.ADMIN))
    assert browser.get(reverse("admin_dashboard")).status_code == 200


def test_an_unconfirmed_device_stops_the_session(therapist):
    browser = signed_in(therapist)
    assert browser.get(reverse(CASELOAD)).status_code == 200
    TOTPDevice.objects.filter(user=therapist).update(confirmed=False)  # no signal: by hand
    session_access.stamp_moved([therapist.pk])  # what every save through the ORM does
    assert browser.get(reverse(CASELOAD)).status_code == 302


def test_a_device_added_changed_or_removed_moves_the_stamp(therapist):
    before = _stamp(therapist)
    device = TOTPDevice.objects.create(user=therapist, name="phone", confirmed=False)
    device.confirmed = True
    device.save()
    device.delete()
    assert _stamp(therapist) == before + 3


def test_only_device_models_are_listened_to():
    """The stamp listener is connected to each device model, not to every model's save."""
    from django.apps import apps
    from django.db.models.signals import post_save
    from django_otp.models import Device

    from practice.signals import device_changed

    def listens(model) -> bool:
        sync, _async = post_save._live_receivers(model)
        return device_changed in sync

    devices = [model for model in apps.get_models() if issubclass(model, Device)]
    assert TOTPDevice in devices and len(devices) >= 3
    assert all(listens(model) for model in devices)
    assert not listens(User) and not listens(Group)


def test_deactivation_signs_the_person_out_without_a_stamp(therapist):
    browser = signed_in(therapist)
    assert browser.get(reverse(CASELOAD)).status_code == 200
    User.objects.filter(pk=therapist.pk).update(is_active=False)
    response = browser.get(reverse(CASELOAD))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_session_holding_another_persons_snapshot_is_not_trusted(therapist, admin_user):
    """A snapshot is bound to its person: copied into another session it gives nothing."""
    browser = signed_in(therapist)
    session = browser.session
    session[session_access.ACCESS_SESSION_KEY] = {
        **session[session_access.ACCESS_SESSION_KEY],
        "roles": [Role.THERAPIST, Role.ADMIN],
        "user": admin_user.pk,
    }
    session.save()
    assert browser.get(reverse("admin_dashboard")).status_code == 403
