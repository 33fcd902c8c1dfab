"""The evidence pack (issue 23, item 4): built from the app's records, verified against its
manifest and the trail, failing on a one-byte change, and holding no client's name, note or
typed words (marker strings put into every kind of free text, searched in every file)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from practice.models import AuditEvent
from records import services as record_services
from rights import evidence_pack, services
from rights.services.evidence_pack import evidence_pack_build, recorded_pack_hashes
from tests.conftest import case_file_of, make_client, signed_in
from tests.contracting.builders import complete_practice_profile
from tests.disclosures.builders import at_state
from tests.rights.builders import (
    acknowledged,
    breach_reported,
    objection_logged,
    rectification_logged,
    restriction_logged,
    signed_note,
)
from tests.subject_access.builders import log_request, refused

MARKERS = [
    "Wilhelminaq",  # a client's given name
    "Xylophonesmithq",  # their family name
    "Zanzibarquuxq",  # a note
    "Quillfeatherq",  # a complaint's words
    "Gorsemoorq",  # a complainant's name
    "Brackenfordq",  # a refusal's reasons
    "Heathermoorq",  # what happened in a breach
    "Rectifyasksq",  # what a rectification request asks
    "Rectifylongerq",  # why its time was extended
    "Rectifystatementq",  # the client's own statement
    "Rectifyreasonsq",  # why the note stands (in the outcome letter)
    "Objectasksq",  # what an objection asks
    "Restrictasksq",  # what a restriction request asks
    "Restrictliftq",  # why a restriction is to be lifted (the notice)
    "Objectlongerq",  # why its time was extended
    "Objectreasonsq",  # why it was refused (in the outcome letter)
]


@pytest.fixture
def practice(therapist, supervisor, supervision, admin_user):
    complete_practice_profile()
    client = make_client(therapist, given_name="Wilhelminaq", family_name="Xylophonesmithq")
    record_services.note_create(
        actor=therapist, case_file=case_file_of(client), body="Zanzibarquuxq talked"
    )
    at_state("disclosed", therapist, supervisor, client)
    acknowledged(admin_user, name="Gorsemoorq", about="Quillfeatherq about my data")
    sar = log_request(admin_user, client, received_on=timezone.localdate() - timedelta(days=3))
    refused(admin_user, sar, reasons="Brackenfordq repeated requests")
    log_request(admin_user, client)
    breach_reported(admin_user, what="Heathermoorq laptop lost")
    _rights_requests(admin_user, therapist, client)
    return client


def _rights_requests(admin, therapist, client):
    """A rectification answered late after an extension, and an objection refused on time,
    every free-text field and letter holding a marker; and one of each still open."""
    eight_weeks_ago = timezone.localdate() - timedelta(weeks=8)
    rectification = rectification_logged(
        admin, client, received_on=eight_weeks_ago, asks="Rectifyasksq the May note"
    )
    services.rectification_acknowledge(actor=admin, rectification=rectification)
    services.rectification_extend(
        actor=admin,
        rectification=rectification,
        months=1,
        reasons="Rectifylongerq many notes",
        told_on=eight_weeks_ago + timedelta(days=7),
    )
    services.rectification_respond(
        actor=therapist,
        rectification=rectification,
        note=signed_note(therapist, client),
        response="disagreed",
        addendum="Rectifystatementq I never said that",
        reasons="Rectifyreasonsq the note records the session",
    )
    services.rectification_close(actor=admin, rectification=rectification)
    objection = objection_logged(admin, client, asks="Objectasksq reminders")
    services.objection_acknowledge(actor=admin, objection=objection)
    services.objection_extend(
        actor=admin, objection=objection, months=2, reasons="Objectlongerq legal advice"
    )
    services.objection_decide(
        actor=admin,
        objection=objection,
        decision="refused",
        ground="legal_claims",
        reasons="Objectreasonsq a claim is pending",
    )
    rectification_logged(admin, client, received_on=eight_weeks_ago)
    objection_logged(admin, client)
    restriction = restriction_logged(admin, client, asks="Restrictasksq keep but do not use")
    services.restriction_apply(actor=admin, restriction=restriction)
    services.restriction_notify(
        actor=admin, restriction=restriction, reasons="Restrictliftq the check is finished"
    )
    services.restriction_lift(actor=admin, restriction=restriction)
    restriction_logged(admin, client, received_on=eight_weeks_ago)


def _texts(content: bytes) -> dict[str, str]:
    texts = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".pdf"):
                reader = PdfReader(io.BytesIO(data))
                texts[name] = " ".join(page.extract_text() for page in reader.pages)
            else:
                texts[name] = data.decode("utf-8")
    return texts


def test_the_pack_holds_what_a_dpo_needs_and_nothing_of_a_client(admin_user, practice):
    pack = evidence_pack_build(actor=admin_user)
    texts = _texts(pack.content)
    assert set(texts) == {"pack.pdf", "pack.json", "manifest.json"}
    for name, text in texts.items():
        for marker in MARKERS:
            assert marker not in text, (name, marker)
    data = json.loads(texts["pack.json"])
    models = {row["model"] for row in data["inventory"]}
    assert {"records.Note", "clients.Client", "subject_access.SubjectAccessRequest"} <= models
    note = next(row for row in data["inventory"] if row["model"] == "records.Note")
    assert "body" in note["encrypted_fields"]
    assert note["retention"] == "the case file's"
    assert "7 years after the last contact" in data["retention_rule"]
    sars = data["subject_access_requests"]
    assert [row["status"] for row in sars] == ["Refused", "Open: ready to compile"]
    assert sars[0]["on_time"] is True and sars[1]["on_time"] is None
    assert sars[0]["record_ref"] == practice.record_ref
    (complaint,) = data["complaints"]
    assert complaint["acknowledged_on_time"] is True
    (breach,) = data["breaches"]
    assert breach["report_to_ico"] is True and breach["reported_late"] is False
    assert breach["ico_reference"] == "ICO-0001" and breach["people_affected"] == 3
    (disclosure,) = data["disclosures"]
    assert disclosure["record_ref"] == practice.record_ref
    assert disclosure["approved_by_a_supervisor"] and all(disclosure["caldicott_met"].values())
    assert len(disclosure["caldicott_met"]) == 8
    assert data["audit_chain"]["events"] > 0
    pdf = texts["pack.pdf"]
    for heading in (
        "What is held",
        "Retention",
        "Subject access",
        "Complaints",
        "Other rights requests",
        "Rectification (UK GDPR Art. 16)",
        "Objection (UK GDPR Art. 21)",
        "breaches",
    ):
        assert heading in pdf, heading
    event = AuditEvent.objects.get(action="rights.evidence_pack_built")
    assert event.details["sha256"] == pack.sha256


def test_the_pack_holds_every_rights_request_with_its_dates_and_outcome(admin_user, practice):
    today = timezone.localdate()
    eight_weeks_ago = today - timedelta(weeks=8)
    texts = _texts(evidence_pack_build(actor=admin_user).content)
    data = json.loads(texts["pack.json"])
    sections = {section["kind"]: section["requests"] for section in data["rights_requests"]}
    assert list(sections) == [
        "Rectification (UK GDPR Art. 16)",
        "Restriction (UK GDPR Art. 18)",
        "Objection (UK GDPR Art. 21)",
    ]
    waiting, lifted = sections["Restriction (UK GDPR Art. 18)"]  # by the day received
    assert lifted["outcome"].startswith("Lifted") and lifted["on_time"] is True
    assert lifted["closed_on"] == today.isoformat()  # answered the day it was applied
    assert waiting["outcome"] == "" and waiting["on_time"] is False  # a month, unanswered
    late_one, open_late = sections["Rectification (UK GDPR Art. 16)"]
    assert late_one["record_ref"] == practice.record_ref
    assert late_one["received_on"] == eight_weeks_ago.isoformat()
    assert late_one["acknowledged_on"] == today.isoformat()
    assert late_one["extended_on"] == (eight_weeks_ago + timedelta(days=7)).isoformat()
    assert late_one["extension_months"] == 1
    assert late_one["closed_on"] == today.isoformat()
    assert late_one["outcome"].startswith("Not agreed")
    assert late_one["on_time"] is True  # two months, with the extension
    assert open_late["outcome"] == "" and open_late["closed_on"] == ""
    assert open_late["on_time"] is False  # a month has passed, no answer
    refused_one, still_open = sections["Objection (UK GDPR Art. 21)"]
    assert refused_one["outcome"].startswith("Refused")
    assert refused_one["extension_months"] == 2 and refused_one["on_time"] is True
    assert refused_one["closed_on"] == today.isoformat() and refused_one["due_on"]
    assert still_open["on_time"] is None and still_open["status"] == "Received: to decide"
    for row in (late_one, open_late, refused_one, still_open):
        assert row["reference"] in texts["pack.pdf"]
    assert "Outcome: Refused" in texts["pack.pdf"]


def test_a_copy_verifies_and_one_changed_byte_does_not(admin_user, practice):
    pack = evidence_pack_build(actor=admin_user)
    recorded = recorded_pack_hashes()
    assert evidence_pack.verify(pack.content, recorded=recorded).ok
    for position in (len(pack.content) // 3, len(pack.content) - 30):
        changed = bytearray(pack.content)
        changed[position] ^= 0x01
        verdict = evidence_pack.verify(bytes(changed), recorded=recorded)
        assert not verdict.ok and verdict.problems
    assert not evidence_pack.verify(b"not a zip", recorded=recorded).ok


def test_the_commands_build_and_verify(admin_user, practice, tmp_path):
    target = tmp_path / "pack.zip"
    out = io.StringIO()
    call_command("evidence_pack", str(target), stdout=out)
    assert "SHA-256" in out.getvalue() and target.is_file()
    assert AuditEvent.objects.get(action="rights.evidence_pack_built").source == "server"
    call_command("evidence_pack_verify", str(target), stdout=(checked := io.StringIO()))
    assert "Verified" in checked.getvalue()
    with pytest.raises(CommandError, match="exists already"):
        call_command("evidence_pack", str(target))
    content = bytearray(target.read_bytes())
    content[100] ^= 0x01
    target.write_bytes(bytes(content))
    with pytest.raises(CommandError, match="Not verified"):
        call_command("evidence_pack_verify", str(target))


def test_only_an_admin_builds_it(therapist, supervisor, admin_user):
    for person in (therapist, supervisor):
        with pytest.raises(PermissionDenied):
            evidence_pack_build(actor=person)
    assert not AuditEvent.objects.filter(action="rights.evidence_pack_built").exists()
    page = signed_in(admin_user)
    assert "Build and download the pack" in page.get(reverse("evidence_pack")).content.decode()
    response = page.post(reverse("evidence_pack"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="evidence-pack-')
    assert signed_in(therapist).post(reverse("evidence_pack")).status_code == 403
