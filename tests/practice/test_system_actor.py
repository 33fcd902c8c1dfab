"""Set-up services name who acts: the system actor, never `actor=None`."""

import pytest
from django.core.exceptions import PermissionDenied

from practice import services
from practice.actors import system_actor
from practice.models import AuditEvent, User
from practice.roles import Role


def test_no_actor_is_refused_instead_of_skipping_the_check(db):
    with pytest.raises(PermissionDenied):
        services.staff_create(
            actor=None, username="ghost", password="a-long-password-123", roles=[Role.ADMIN]
        )
    assert not User.objects.filter(username="ghost").exists()
    with pytest.raises(PermissionDenied):
        services.practice_profile_update(actor=None, values={"name": "Taken over"})


def test_the_system_actor_sets_up_staff_and_the_trail_names_it(db):
    user = services.staff_create(
        actor=system_actor("demo"),
        username="first",
        password="a-long-password-123",
        roles=[Role.ADMIN],
    )
    event = AuditEvent.objects.get(action="staff.created", target_ref=str(user.ref))
    assert event.actor_id is None
    assert event.actor_label == "system:demo"


def test_the_system_actor_holds_no_role_and_reads_no_notes(therapist):
    from records.permissions import is_own_client

    actor = system_actor("command")
    assert not actor.has_role(Role.THERAPIST)
    assert not is_own_client(actor, therapist_id=therapist.pk)


def test_a_therapist_cannot_stand_in_for_the_system(therapist):
    with pytest.raises(PermissionDenied):
        services.staff_create(
            actor=therapist, username="sneaky", password="a-long-password-123", roles=["admin"]
        )
