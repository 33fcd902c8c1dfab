"""Naming an executor: the therapist names, an admin who is neither party countersigns."""

import pytest
from django.core.exceptions import ValidationError

from practice.models import AccountChange, AuditEvent
from practice.services import staff_create
from tests.conftest import make_staff
from wills import services
from wills.models import Nomination

pytestmark = pytest.mark.django_db(databases="__all__")


def test_a_naming_counts_only_once_an_admin_countersigns_it(therapist, executor, admin_user):
    nomination = services.nomination_create(
        actor=therapist, executor=executor, may_send_letters=True
    )
    assert not nomination.in_force
    services.nomination_countersign(actor=admin_user, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.in_force and nomination.countersigned_by == admin_user
    assert AuditEvent.objects.filter(action="will.countersigned", actor=admin_user).exists()


def test_a_therapist_cannot_name_themselves(executor):
    both = make_staff("both", "therapist", "executor")
    with pytest.raises(services.WillRefused, match="cannot name yourself"):
        services.nomination_create(actor=both, executor=both, may_send_letters=True)
    assert not Nomination.objects.exists()
    refusal = AuditEvent.objects.get(action="will.refused")
    assert refusal.details == {"doing": "name", "rule": "self"}


def test_the_named_colleague_must_hold_the_executor_role(therapist, therapist2):
    with pytest.raises(services.WillRefused, match="does not hold the executor role"):
        services.nomination_create(actor=therapist, executor=therapist2, may_send_letters=True)
    assert not Nomination.objects.exists()


def test_a_therapist_who_is_also_admin_cannot_countersign_their_own_naming(executor):
    sole = make_staff("sole", "therapist", "admin")
    nomination = services.nomination_create(actor=sole, executor=executor, may_send_letters=True)
    with pytest.raises(services.WillRefused, match="ask another admin"):
        services.nomination_countersign(actor=sole, nomination=nomination)
    nomination.refresh_from_db()
    assert not nomination.in_force
    assert AuditEvent.objects.filter(action="will.refused", details__rule="own").exists()


def test_a_non_admin_cannot_countersign(therapist, executor, supervisor):
    nomination = services.nomination_create(
        actor=therapist, executor=executor, may_send_letters=False
    )
    with pytest.raises(services.WillRefused):
        services.nomination_countersign(actor=supervisor, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.countersigned_at is None


def test_the_executor_role_is_granted_by_two_people_like_other_data_roles(admin_user):
    """An admin giving a new colleague the executor role only asks for it."""
    user = staff_create(
        actor=admin_user, username="newexec", password="x-long-password-1", roles=["executor"]
    )
    assert not user.has_role("executor")
    change = AccountChange.objects.get(account=user, kind="role")
    assert change.role == "executor" and change.status == "pending"


def test_the_database_refuses_a_naming_of_oneself(therapist):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    with pytest.raises((IntegrityError, ValidationError)), transaction.atomic():
        Nomination.objects.create(
            therapist=therapist, executor=therapist, created_at=timezone.now()
        )
