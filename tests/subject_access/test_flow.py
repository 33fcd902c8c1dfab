"""A request from logging to a verified archive: compile, review, redact, release, download."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import jsonschema
import pytest
from pypdf import PdfReader

from practice.models import AuditEvent
from subject_access import archive, release
from subject_access.models import Status, SubjectAccessRequest
from subject_access.third_parties import ThirdPartyTest
from tests.conftest import make_client
from tests.subject_access.builders import add_notes, compiled, health_opinion

THIRD_PARTY = "Her neighbour Quentin Farthingale said"


@pytest.fixture
def answered(therapist, admin_user):
    client = make_client(therapist, given_name="Wilhelmina")
    add_notes(therapist, client, f"{THIRD_PARTY} something unkind. Zanzibarquux reflected.")
    sar = compiled(admin_user, client)
    return client, sar


def _files(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        return {name.split("/", 1)[1]: zipped.read(name) for name in zipped.namelist()}


def test_compiled_request_waits_for_its_therapist(answered, therapist):
    _, sar = answered
    assert sar.status == Status.IN_REVIEW
    assert sar.reviewer == therapist
    assert sar.compile_done == sar.compile_total > 0
    assert not SubjectAccessRequest.objects.filter(draft_name="").filter(pk=sar.pk).exists()


def test_release_builds_an_archive_that_verifies_with_redactions_in_both_halves(
    answered, therapist, admin_user
):
    client, sar = answered
    bundle = release.sar_draft_open(actor=therapist, sar=sar)
    note_item = next(
        item
        for section in bundle["sections"]
        if section["key"] == "notes"
        for item in section["items"]
        if item["kind"] == "note"
    )
    release.sar_redact(
        actor=therapist,
        sar=sar,
        item_key=note_item["key"],
        field_name="body",
        passage="Quentin Farthingale",
        reason="third_party",
        third_party=ThirdPartyTest(
            consent="not_sought",
            consent_not_sought_why="Asking him would tell him the client spoke of him.",
            confidence_owed=True,
            why_reasonable="He spoke to the client in confidence about his own health.",
        ),
    )
    release.sar_review_complete(actor=therapist, sar=sar)
    health_opinion(admin_user, sar)
    sar = release.sar_release(actor=admin_user, sar=sar, method="email")
    assert sar.status == Status.RELEASED

    content = release.sar_archive_download(actor=admin_user, sar=sar)
    assert hashlib.sha256(content).hexdigest() == sar.archive_sha256
    files = _files(content)
    assert set(sar.manifest) | {"manifest.json"} == set(files)
    answer = json.loads(files["answer.json"])
    jsonschema.validate(answer, archive.schema())
    pdf_text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(files["answer.pdf"])).pages
    )
    json_text = json.dumps(answer)
    for text in (pdf_text, json_text):
        assert "Quentin Farthingale" not in text
        assert "Zanzibarquux" in text  # the note is there, only the name withheld
        assert "Wilhelmina" in text  # identity
    assert "[withheld: " in json_text
    assert "withheld:" in pdf_text
    assert sar.reference in pdf_text
    # The record itself is unchanged.
    from records.models import Note

    note = Note.objects.get(case_file__record_ref=client.record_ref)
    assert "Quentin Farthingale" in note.get_body()
    assert AuditEvent.objects.filter(action="sar.downloaded", target_ref=client.record_ref).exists()


def _released_files(admin_user, therapist, client) -> tuple[dict, str]:
    from tests.subject_access.builders import released_request

    sar = released_request(admin_user, therapist, client)
    files = _files(release.sar_archive_download(actor=admin_user, sar=sar))
    reader = PdfReader(io.BytesIO(files["answer.pdf"]))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return json.loads(files["answer.json"]), text


def test_pdf_and_json_hold_every_category_and_agree(therapist, admin_user):
    from contracting.models import Agreement
    from tests.contracting.builders import make_agreement

    client = make_client(therapist, given_name="Wilhelmina")
    add_notes(therapist, client, "Spoke about the allotment and the autumn.")
    make_agreement(therapist, client)
    answer, pdf_text = _released_files(admin_user, therapist, client)
    keys = [section["key"] for section in answer["sections"]]
    assert keys == [
        "identity",
        "agreements",
        "case_file",
        "notes",
        "disclosures",
        "requests",
        "complaints",
        "personal-data_breaches",
        "rights_requests",
        "professional_will",
        "access_history",
    ]
    filled = {s["key"] for s in answer["sections"] if s["items"]}
    assert {"identity", "agreements", "case_file", "notes", "access_history"} <= filled
    # The PDF reads in the client's words (subject_access.reading): each part by its title.
    from subject_access import reading

    for part in reading.parts(answer):
        assert part.title in pdf_text
    for part in answer["supplementary"]:
        assert part["heading"] in pdf_text
    assert {p["key"] for p in answer["supplementary"]} >= {
        "purposes",
        "categories",
        "recipients",
        "transfers",
        "retention",
        "source",
        "rights",
        "complaint",
        "court",
        "automated_decisions",
    }
    # Every short value a client is shown is printed in the PDF, in words; the access
    # history is summarised (tests/subject_access/test_reading.py counts it).
    for section in answer["sections"]:
        if section["key"] == "access_history":
            continue
        for item in section["items"]:
            for name, value in reading.shown_values(item).items():
                for text in value if isinstance(value, list) else [value]:
                    if len(text) < 60:
                        assert " ".join(text.split()) in pdf_text, (section["key"], name)
    assert Agreement.objects.filter(case_file__record_ref=client.record_ref).exists()
    assert any(item["files"] for item in answer["sections"][1]["items"])


def test_stored_drafts_and_archives_are_ciphertext_and_every_event_has_a_label(
    therapist, admin_user
):
    from django.core.files.storage import default_storage

    from practice.audit.actions import registered
    from tests.subject_access.builders import released_request

    client = make_client(therapist, given_name="Wilhelmina")
    add_notes(therapist, client, "Zanzibarquux spoke about the winter.")
    sar = released_request(admin_user, therapist, client)
    release.sar_archive_download(actor=admin_user, sar=sar)
    for name in (sar.draft_name, sar.archive_name):
        with default_storage.open(name, "rb") as handle:
            raw = handle.read()
        assert b"Zanzibarquux" not in raw and b"Wilhelmina" not in raw
        assert not raw.startswith(b"PK")  # not a readable zip
    actions = set(
        AuditEvent.objects.filter(action__startswith="sar.").values_list("action", flat=True)
    )
    assert {"sar.logged", "sar.compiled", "sar.released", "sar.downloaded"} <= actions
    assert actions <= set(registered())
    trail = repr(list(AuditEvent.objects.values_list()))
    assert "Zanzibarquux" not in trail and "Wilhelmina" not in trail
