"""seed_scale: a large practice that the app itself can read, with an intact audit chain."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from clients.models import Client
from practice.audit import verify_chain
from practice.models import AuditEvent, User
from records.models import CaseFile, Note, Session
from tests.conftest import make_staff


def _seed(**options) -> str:
    from io import StringIO

    out = StringIO()
    call_command(
        "seed_scale",
        therapists=2,
        clients_per_therapist=3,
        notes_per_client=4,
        busy_notes=6,
        stdout=out,
        **options,
    )
    return out.getvalue()


@pytest.mark.django_db(databases="__all__")
def test_seed_scale_writes_the_practice_and_a_valid_chain():
    output = _seed()
    assert "notes/s" in output
    assert User.objects.filter(username__startswith="bench-").count() == 2 + 1 + 1
    assert Client.objects.count() == CaseFile.objects.count() == 6
    # each therapist's first client is the busy one
    assert Note.objects.count() == Session.objects.count() == 2 * (6 + 4 + 4)
    report = verify_chain()
    assert report.ok, str(report)
    assert report.checked == AuditEvent.objects.count()
    assert AuditEvent.objects.filter(action="records.note_signed").count() == 28


@pytest.mark.django_db(databases="__all__")
def test_seeded_notes_decrypt_with_their_own_case_file_key():
    _seed()
    for note in Note.objects.select_related("case_file", "session")[:10]:
        assert note.is_signed
        assert len(note.get_body()) >= 400
        assert note.session.case_file_id == note.case_file_id
        assert note.created_at <= note.signed_at


@pytest.mark.django_db(databases="__all__")
def test_seed_scale_refuses_a_database_with_real_staff():
    make_staff("someone", "admin")
    with pytest.raises(CommandError, match="not from seed_scale"):
        _seed()
    assert not Note.objects.exists()


@pytest.mark.django_db(databases="__all__")
def test_seed_scale_refuses_to_seed_twice():
    _seed()
    with pytest.raises(CommandError, match="already seeded"):
        _seed()
