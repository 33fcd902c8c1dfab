"""The data map: the path convention is checked when a model registers, rows are found by
record reference, and restricted rows never reach a client-facing output."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ImproperlyConfigured

from clients.models import ParentalResponsibility
from practice import datamap
from practice.models import AuditEvent
from records import services as record_services
from records.models import Addendum, CaseFile, Note, Session
from tests.conftest import case_file_of, make_client


@pytest.mark.parametrize(
    ("model", "path", "problem"),
    [
        (Note, "casefile", "has no 'casefile'"),
        (Note, "author", "must end at the case file"),
        (Addendum, "note__author", "must end at the case file"),
        (Note, "signed_at", "must hold a record reference"),
        (Addendum, "body__case_file", "is not a forward foreign key"),
        (Note, "", "empty or malformed"),
        (Note, "case_file__", "empty or malformed"),
    ],
)
def test_a_path_off_the_convention_is_refused_when_registered(model, path, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        datamap.register(model, reaches_client_by=path, category="x", withheld_with=None)
    assert datamap.entry_for(model).reaches_client_by != path  # the old entry stands


def test_every_registration_must_say_how_it_reaches_a_withholding_unit():
    with pytest.raises(TypeError, match="withheld_with"):
        datamap.register(Note, reaches_client_by="case_file", category="x")


def test_every_registered_path_follows_the_convention():
    for entry in datamap.registered():
        datamap.check_path(entry.model, entry.reaches_client_by)
    labels = {entry.label: entry.via_case_file for entry in datamap.registered()}
    assert labels["records.Addendum"] is True
    assert labels["clients.ParentalResponsibility"] is False


def test_rows_are_found_for_one_case_file_only(therapist):
    mine, other = make_client(therapist), make_client(therapist, given_name="Other")
    record_services.session_save(
        actor=therapist,
        case_file=case_file_of(mine),
        date=date(2026, 1, 5),
        start_time=time(10),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    sessions = datamap.entry_for(Session)
    assert sessions.rows_for(mine.record_ref).count() == 1
    assert sessions.rows_for(other.record_ref).count() == 0
    assert datamap.entry_for(CaseFile).rows_for(mine.record_ref).get() == case_file_of(mine)
    events = datamap.entry_for(AuditEvent).rows_for(mine.record_ref)
    assert events.exists() and all(e.target_ref == mine.record_ref for e in events)


def test_default_exporter_decrypts_and_leaves_out_machinery(therapist):
    client = make_client(therapist)
    note = record_services.note_create(
        actor=therapist, case_file=case_file_of(client), body="Decrypted body"
    )
    exported = datamap.entry_for(Note).export_row(Note.objects.get(pk=note.pk))
    assert exported["body"] == "Decrypted body"
    assert exported["status"] == "Draft"
    assert exported["author"] == therapist.display_name
    assert "id" not in exported and "version" not in exported
    case_file = datamap.entry_for(CaseFile).export_row(case_file_of(client))
    assert "wrapped_key" not in case_file
    parent = datamap.entry_for(ParentalResponsibility)
    assert parent.lookup(client.record_ref) == {"client__record_ref": client.record_ref}
