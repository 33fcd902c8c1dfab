"""Break-glass by two people, the therapist's window to cancel, and the end of access."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from practice.models import AuditEvent
from tests.conftest import make_staff
from tests.wills.builders import activated, asked, named
from wills import services
from wills.models import Activation

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def nomination(therapist, executor, admin_user, supervised):
    therapist.email = "alex@example.invalid"
    therapist.save(update_fields=["email"])
    return named(therapist, executor, admin_user)


def test_activation_needs_a_countersigned_naming(therapist, executor):
    nomination = services.nomination_create(
        actor=therapist, executor=executor, may_send_letters=True
    )
    with pytest.raises(services.WillRefused, match="not in force"):
        asked(nomination)
    assert not Activation.objects.exists()


def test_nothing_opens_without_a_second_person(nomination):
    activation = asked(nomination)
    assert activation.state == Activation.State.ASKED
    with pytest.raises(services.WillRefused, match="second person"):
        services.activation_approve(actor=nomination.executor, activation=activation)
    activation.refresh_from_db()
    assert activation.approved_at is None
    assert AuditEvent.objects.filter(action="will.refused", details__doing="approve").exists()


def test_the_therapist_and_another_supervisor_cannot_approve(nomination, therapist2):
    activation = asked(nomination)
    other = make_staff("supervisor2", "supervisor")
    for person in (nomination.therapist, other, therapist2):
        with pytest.raises(services.WillRefused):
            services.activation_approve(actor=person, activation=activation)
    activation.refresh_from_db()
    assert activation.state == Activation.State.ASKED


def test_the_supervisor_approves_and_a_death_opens_access_at_once(
    nomination, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        activation = activated(nomination, supervisor, reason="death")
    assert activation.state == Activation.State.LIVE
    assert activation.ends_at - activation.starts_at == timedelta(days=30)
    assert mail.outbox == []  # nobody to tell
    with pytest.raises(services.WillRefused, match="death"):
        services.activation_cancel(actor=nomination.therapist, activation=activation)


def test_the_therapist_is_told_at_once_and_may_cancel_in_the_window(
    nomination, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        activation = asked(nomination, reason="incapacity")
    assert [m.to for m in mail.outbox] == [["alex@example.invalid"]]
    assert "therap" not in mail.outbox[0].subject.lower()
    with django_capture_on_commit_callbacks(execute=True):
        activation = services.activation_approve(actor=admin_user, activation=activation)
    assert activation.state == Activation.State.WAITING
    assert len(mail.outbox) == 2
    assert activation.starts_at - activation.approved_at == timedelta(hours=48)
    with time_machine.travel(timezone.now() + timedelta(hours=47)):
        services.activation_cancel(actor=nomination.therapist, activation=activation)
    activation.refresh_from_db()
    assert activation.state == Activation.State.CANCELLED


def test_after_the_window_access_opens_and_cancelling_is_too_late(nomination, supervisor):
    activation = activated(nomination, supervisor, reason="unreachable", days=14)
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert activation.state == Activation.State.LIVE
        with pytest.raises(services.WillRefused, match="passed"):
            services.activation_cancel(actor=nomination.therapist, activation=activation)
    activation.refresh_from_db()
    assert activation.cancelled_at is None


def test_access_expires_by_itself(nomination, supervisor):
    activation = activated(nomination, supervisor)
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        assert activation.state == Activation.State.EXPIRED
        assert not activation.may_be_ended


def test_the_admin_ends_access_and_the_executor_cannot_end_their_own(
    nomination, supervisor, admin_user
):
    activation = activated(nomination, supervisor)
    with pytest.raises(services.WillRefused):
        services.activation_end(actor=nomination.executor, activation=activation)
    services.activation_end(actor=admin_user, activation=activation)
    activation.refresh_from_db()
    assert activation.state == Activation.State.ENDED
    assert AuditEvent.objects.filter(action="will.access_ended").exists()


def test_unreachable_needs_a_number_of_days(nomination):
    with pytest.raises(services.WillRefused, match="how many days"):
        asked(nomination, reason="unreachable", days=None)
    assert not Activation.objects.exists()


def test_a_second_activation_cannot_be_asked_while_one_is_open(nomination):
    asked(nomination)
    with pytest.raises(services.WillRefused, match="already"):
        asked(nomination)
    assert Activation.objects.count() == 1
