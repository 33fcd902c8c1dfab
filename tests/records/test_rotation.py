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


def test_a_command_names_the_server_as_the_source_of_what_it_does(settings, therapist):
    """A command acts from the server, as a request acts from the client's address, so the
    trail tells the two apart (practice.management.acting)."""
    from practice.models import AuditEvent
    from records.audit_actions import Action

    settings.ENCRYPTION_KEYS = OLD
    make_client(therapist)
    settings.ENCRYPTION_KEYS = f"{NEW},{OLD}"
    call_command("rotate_keys", "--batch-size", "2")
    assert AuditEvent.objects.get(action=Action.KEYS_ROTATED).source == "server"


def test_every_command_that_acts_names_its_source():
    """Each command that writes (and so audits) is an ActingCommand; the others only read
    or print."""
    from django.core.management import get_commands, load_command_class

    from practice.management.acting import ActingCommand

    writers = {
        "dispose_due",
        "rotate_keys",
        "first_account",
        "seed_demo",
        "demo_reset",
        "audit_checkpoint",
        "account_change",
        "subject_access_refusal",
        "staff_health_profession",
        "evidence_pack",
    }
    ours = {
        name: load_command_class(app, name)
        for name, app in get_commands().items()
        if app
        in (
            "practice",
            "records",
            "clients",
            "contracting",
            "disclosures",
            "subject_access",
            "rights",
        )
    }
    acting = {name for name, command in ours.items() if isinstance(command, ActingCommand)}
    assert acting == writers
