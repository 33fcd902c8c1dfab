"""Key rotation re-wraps every data key; afterwards the old key can go."""

import base64

import pytest
from django.core.management import call_command

from practice.actors import system_actor
from records import services
from records.models import CaseFile, Note
from tests.conftest import case_file_of, make_client

OLD = "old:" + base64.urlsafe_b64encode(b"o" * 32).decode()
NEW = "new:" + base64.urlsafe_b64encode(b"n" * 32).decode()


def test_rotation_keeps_every_note_readable_after_the_old_key_is_removed(
    settings, therapist, capsys
):
    settings.ENCRYPTION_KEYS = OLD
    bodies = {}
    for n in range(3):
        case_file = case_file_of(make_client(therapist, given_name=f"Person{n}"))
        note = services.note_create(actor=therapist, case_file=case_file, body=f"Note {n}")
        bodies[note.pk] = f"Note {n}"

    settings.ENCRYPTION_KEYS = f"{NEW},{OLD}"
    call_command("rotate_keys", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "3 re-wrapped" in out
    assert "2/3 case files" in out

    settings.ENCRYPTION_KEYS = NEW
    assert all(cf.wrapped_key.startswith("new$") for cf in CaseFile.objects.all())
    for note in Note.objects.select_related("case_file"):
        assert note.get_body() == bodies[note.pk]


def test_rotation_is_audited_with_counts(settings, therapist):
    settings.ENCRYPTION_KEYS = OLD
    make_client(therapist)
    settings.ENCRYPTION_KEYS = f"{NEW},{OLD}"
    counts = services.data_keys_rotate(actor=system_actor("tests"))
    assert counts["rewrapped"] == 1
    from practice.models import AuditEvent

    event = AuditEvent.objects.get(action="keys.rotated")
    assert event.details["rewrapped"] == 1
    assert event.details["key"] == "new"


def test_a_person_cannot_rotate_keys_only_the_command_can(admin_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.data_keys_rotate(actor=admin_user)
