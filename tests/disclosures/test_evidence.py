"""Evidence kept with a disclosure request, and a court order's checks (issue 24, item 4):
what is accepted and what is refused (with nothing stored), ciphertext at rest, who may open
it, and that it goes with the case file's disposal."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.urls import reverse

from disclosures.models import DisclosureRequest, Evidence
from disclosures.services import decisions, disclosing
from disclosures.services.evidence import court_order_checks_record, evidence_add, evidence_open
from practice.models import AuditEvent
from records import disposal
from tests.conftest import make_client, make_staff, signed_in
from tests.disclosures.builders import at_state, drafted, facts

PDF = b"%PDF-1.4\n% Quokkamarker court order text\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


@pytest.fixture
def row(therapist, supervision):
    return drafted(therapist, make_client(therapist), kind="court_order")


def _add(therapist, row, **overrides):
    values = {
        "kind": "court_order",
        "name": "Zephyrmarker order.pdf",
        "declared_type": "application/pdf",
        "content": PDF,
        **overrides,
    }
    return evidence_add(actor=therapist, disclosure=row, **values)


@pytest.mark.parametrize(
    ("name", "declared", "content"),
    [
        ("scan.png", "image/png", PNG),
        ("photo.JPG", "image/jpeg", JPEG),
        ("order.pdf", "application/pdf", PDF),
    ],
)
def test_a_pdf_or_an_image_is_kept_encrypted(therapist, row, name, declared, content):
    kept = _add(therapist, row, name=name, declared_type=declared, content=content)
    assert kept.size_bytes == len(content) and kept.content_type == declared
    stored = []
    for alias in connections:
        with connections[alias].cursor() as cursor:
            if "disclosures_evidence" in connections[alias].introspection.table_names(cursor):
                cursor.execute("SELECT file_name, content FROM disclosures_evidence")
                stored += [str(value) for found in cursor.fetchall() for value in found]
    flat = " ".join(stored)
    assert name not in flat and base64.b64encode(content).decode()[:20] not in flat
    event = AuditEvent.objects.get(action="disclosures.evidence_added")
    assert name not in str(event.details) and event.details["size"] == len(content)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"content": b""}, "empty"),
        ({"name": "letter.docx", "declared_type": "application/msword"}, "Only a PDF"),
        ({"name": "order.pdf", "declared_type": "image/png"}, "sent as another type"),
        ({"name": "order.pdf", "content": PNG}, "content is not a PDF"),
        ({"name": "photo.png", "declared_type": "image/png", "content": PDF}, "not a PNG"),
        ({"kind": "nonsense"}, "Choose what the document is"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(therapist, row, overrides, message):
    with pytest.raises(ValidationError, match=message):
        _add(therapist, row, **overrides)
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action="disclosures.evidence_added").exists()


def test_a_file_over_the_limit_is_refused(therapist, row, settings):
    settings.DISCLOSURE_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="too big"):
        _add(therapist, row, content=PDF + b"x" * 200)
    assert not Evidence.objects.exists()


def test_only_the_requester_adds_and_only_they_or_the_reviewer_open(therapist, supervisor, row, db):
    kept = _add(therapist, row)
    other = make_staff("therapist9", "therapist")
    with pytest.raises(PermissionDenied):
        _add(other, row)
    with pytest.raises(PermissionDenied):
        evidence_add(
            actor=supervisor,
            disclosure=row,
            kind="court_order",
            name="x.pdf",
            declared_type="application/pdf",
            content=PDF,
        )
    assert evidence_open(actor=therapist, disclosure=row, evidence_ref=kept.ref)[1] == PDF
    assert evidence_open(actor=supervisor, disclosure=row, evidence_ref=kept.ref)[1] == PDF
    with pytest.raises(PermissionDenied):
        evidence_open(actor=other, disclosure=row, evidence_ref=kept.ref)
    assert AuditEvent.objects.filter(action="disclosures.evidence_read").count() == 2


def test_the_pages_upload_list_and_download(therapist, supervisor, row):
    page = signed_in(therapist)
    url = reverse("disclosure_evidence_add", args=[row.ref])
    upload = SimpleUploadedFile("order.pdf", PDF, content_type="application/pdf")
    done = page.post(url, {"kind": "court_order", "file": upload}, follow=True)
    assert "Document kept with the request, encrypted." in done.content.decode()
    kept = Evidence.objects.get()
    body = page.get(reverse("disclosure_detail", args=[row.ref])).content.decode()
    file_url = reverse("disclosure_evidence_file", args=[row.ref, kept.ref])
    assert "The court order or witness summons" in body and file_url in body
    assert "order.pdf" in body and "Before disclosing under a court order" in body
    download = page.get(file_url)
    assert download.content == PDF and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "order" not in download["Content-Disposition"]  # no client-given name in a header
    wrong = SimpleUploadedFile("order.pdf", PNG, content_type="application/pdf")
    refused = page.post(url, {"kind": "court_order", "file": wrong}, follow=True)
    assert "Not kept: The file&#x27;s content is not a PDF" in refused.content.decode()
    assert Evidence.objects.count() == 1
    colleague = signed_in(make_staff("therapist8", "therapist"))
    assert colleague.get(file_url).status_code == 404


def test_a_body_over_the_limit_is_refused_before_it_is_read(therapist, row, settings):
    settings.DISCLOSURE_EVIDENCE_MAX_BYTES = 1000
    upload = SimpleUploadedFile("order.pdf", PDF + b"x" * 200_000, content_type="application/pdf")
    done = signed_in(therapist).post(
        reverse("disclosure_evidence_add", args=[row.ref]),
        {"kind": "court_order", "file": upload},
        follow=True,
    )
    assert "Not kept: the file is too big" in done.content.decode()
    assert not Evidence.objects.exists()


def test_a_court_order_is_disclosed_only_after_its_two_checks(therapist, supervisor, row):
    row = decisions.request_submit(actor=therapist, disclosure=row)
    row = decisions.request_decide(
        actor=supervisor, disclosure=row, decision="approve", reasons="Valid order"
    )
    with pytest.raises(ValidationError, match="record the two checks"):
        disclosing.request_disclose(actor=therapist, disclosure=row, facts=facts(row))
    assert DisclosureRequest.objects.get(pk=row.pk).status == "approved"
    row = court_order_checks_record(
        actor=therapist, disclosure=row, limit_considered=True, identity_called_back=False
    )
    with pytest.raises(ValidationError, match="record the two checks"):
        disclosing.request_disclose(actor=therapist, disclosure=row, facts=facts(row))
    page = signed_in(therapist).post(
        reverse("disclosure_court_order_checks", args=[row.ref]),
        {"court_limit_considered": "on", "court_identity_called_back": "on"},
        follow=True,
    )
    assert "Court order checks recorded." in page.content.decode()
    row = DisclosureRequest.objects.get(pk=row.pk)
    assert disclosing.request_disclose(actor=therapist, disclosure=row, facts=facts(row))
    checks = AuditEvent.objects.filter(action="disclosures.court_order_checks").order_by("pk")
    assert [e.details["identity_called_back"] for e in checks] == [False, True]


def test_the_checks_are_only_for_a_court_order(therapist, supervisor, supervision):
    other = at_state("approved", therapist, supervisor, make_client(therapist))
    with pytest.raises(ValidationError, match="for a disclosure under a court order"):
        court_order_checks_record(
            actor=therapist, disclosure=other, limit_considered=True, identity_called_back=True
        )


def test_a_document_goes_with_the_case_file(therapist, row):
    _add(therapist, row)
    decisions.request_withdraw(actor=therapist, disclosure=row)
    case_file = row.case_file
    ref = case_file.record_ref
    disposal.case_file_dispose(
        actor=therapist, case_file=case_file, reason=disposal.Reason.ADDED_BY_MISTAKE
    )
    assert not Evidence.objects.exists()
    assert disposal.rows_of(ref) == {}
