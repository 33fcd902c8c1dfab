"""One door to a case file: `access_case_file` decides and records a refusal, once;
selectors only read. The "own client" rule is one predicate that every side agrees on."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from clients import selectors as client_selectors
from clients import services as client_services
from practice.actors import system_actor
from practice.models import AuditEvent
from records.access import READ, WRITE, CaseFileNotFound, access_case_file
from records.permissions import is_own_case_file, is_own_client
from tests.conftest import case_file_of, make_client

ROOT = Path(__file__).resolve().parents[2]


def _denials():
    return AuditEvent.objects.filter(action="records.access_denied")


@pytest.mark.parametrize("purpose", [READ, WRITE])
def test_own_therapist_gets_the_case_file_and_nothing_is_recorded_as_refused(therapist, purpose):
    case_file = case_file_of(make_client(therapist))
    assert access_case_file(therapist, case_file.record_ref, purpose=purpose) == case_file
    assert not _denials().exists()


@pytest.mark.parametrize("who", ["therapist2", "supervisor", "admin_user"])
def test_anyone_else_gets_not_found_recorded_once(request, therapist, who):
    case_file = case_file_of(make_client(therapist))
    other = request.getfixturevalue(who)
    with pytest.raises(CaseFileNotFound):
        access_case_file(other, case_file.record_ref, purpose=READ)
    denial = _denials().get()
    assert denial.target_ref == case_file.record_ref
    assert denial.actor_id == other.pk
    assert denial.details == {"purpose": "read"}


def test_unknown_reference_looks_the_same_as_forbidden(therapist):
    with pytest.raises(CaseFileNotFound):
        access_case_file(therapist, "R-NOSUCHRECORD", purpose=WRITE)
    assert _denials().get().target_ref == "R-NOSUCHRECORD"


def test_a_purpose_must_be_named(therapist):
    case_file = case_file_of(make_client(therapist))
    with pytest.raises(ValueError, match="purpose"):
        access_case_file(therapist, case_file.record_ref, purpose="browse")


def test_looking_up_another_therapists_client_neither_raises_nor_audits(therapist, therapist2):
    client = make_client(therapist)
    before = AuditEvent.objects.count()
    assert client_selectors.client_in_caseload(therapist2, client.ref) is None
    assert AuditEvent.objects.count() == before


def test_no_selector_raises_not_found_or_writes_to_the_trail():
    for path in ROOT.glob("*/selectors.py"):
        text = path.read_text()
        assert "Http404" not in text, path
        assert "audit.record" not in text, path
        assert "access_denied" not in text, path


@pytest.mark.parametrize("who", ["therapist", "therapist2", "supervisor", "admin_user", "system"])
def test_the_caseload_and_the_own_client_rule_agree_for_everyone(request, therapist, who):
    client = make_client(therapist)
    actor = system_actor("tests") if who == "system" else request.getfixturevalue(who)
    listed = client_selectors.clients_for(actor).filter(pk=client.pk).exists()
    assert listed == is_own_client(actor, therapist_id=client.therapist_id)
    assert listed == is_own_case_file(actor, case_file_of(client))
    assert listed == (who == "therapist")


def test_only_the_own_therapist_changes_identity(therapist, therapist2):
    client = make_client(therapist)
    with pytest.raises(PermissionDenied):
        client_services.client_update(actor=therapist2, client=client, values={"pronouns": "x"})


def test_client_page_template_asks_the_case_file_when_a_note_may_be_written():
    template = (ROOT / "clients/templates/clients/client_detail.html").read_text()
    notes = template[template.index('id="notes-heading"') :]
    notes = notes[: notes.index("{{ notes_list }}")]
    assert "case_file.may_write_notes" in notes
    assert "closed_on" not in notes
    assert "consent_withdrawn" not in notes
