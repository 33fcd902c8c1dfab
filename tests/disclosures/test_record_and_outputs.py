"""The record of disclosures, restricted items, notifications, audit labels, PDFs, at rest."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from disclosures import machine, selectors
from disclosures.audit_actions import Action
from disclosures.models import DisclosureRecord, DisclosureRequest
from disclosures.services import decisions, disclosing
from practice import datamap
from practice.audit import labels as core_labels
from practice.models import AuditEvent
from tests.conftest import signed_in
from tests.disclosures.builders import MARKER, at_state, drafted, facts

RESTRICTED_WORDS = "Hushhush-restricted-recipient"


def _restricted(therapist, supervisor, client):
    row = at_state("approved", therapist, supervisor, client)
    disclosing.request_disclose(
        actor=therapist,
        disclosure=row,
        facts=facts(
            row,
            recipient=RESTRICTED_WORDS,
            restricted=True,
            restricted_reason="tipping_off",
            restricted_review_on=timezone.localdate() + timedelta(days=60),
        ),
    )
    return row


def test_restricted_disclosures_never_reach_the_clients_copy(
    therapist, supervisor, supervision, client_a
):
    open_row = at_state("disclosed", therapist, supervisor, client_a)
    _restricted(therapist, supervisor, client_a)
    assert DisclosureRecord.objects.count() == 2
    copy = selectors.disclosures_of(open_row.case_file, client_facing=True)
    assert copy == [open_row.disclosure]
    browser = signed_in(therapist)
    url = reverse("client_disclosures", kwargs={"ref": client_a.ref})
    file_copy = browser.get(url).content.decode()
    assert RESTRICTED_WORDS in file_copy and "Restricted: not for the client" in file_copy
    client_copy = browser.get(url + "?copy=client").content.decode()
    assert RESTRICTED_WORDS not in client_copy
    assert "Pat Recipient" in client_copy  # the unrestricted one is there


def test_the_disclosure_record_carries_the_restricted_flag_for_the_data_map():
    entry = {e.label: e for e in datamap.registered()}["disclosures.DisclosureRecord"]
    field = entry.model._meta.get_field("restricted")
    assert field.get_internal_type() == "BooleanField"
    assert entry.reaches_client_by == "case_file"


def test_notifications_say_only_that_something_waits(
    therapist, supervisor, supervision, client_a, django_capture_on_commit_callbacks
):
    supervisor.email = "supervisor@example.invalid"
    supervisor.save()
    therapist.email = "therapist@example.invalid"
    therapist.save()
    row = drafted(therapist, client_a)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.request_submit(actor=therapist, disclosure=row)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.request_decide(
            actor=supervisor, disclosure=row, decision=machine.APPROVE, reasons=MARKER
        )
    other = at_state("draft", therapist, supervisor, client_a)
    with django_capture_on_commit_callbacks(execute=True):
        disclosing.request_disclose_emergency(
            actor=therapist, disclosure=other, facts=facts(other), why_urgent="Now"
        )
    assert [m.to for m in mail.outbox] == [
        ["supervisor@example.invalid"],
        ["therapist@example.invalid"],
        ["supervisor@example.invalid"],
    ]
    forbidden = [
        client_a.given_name,
        client_a.family_name,
        MARKER,
        "Pat Recipient",
        "child",
        "safeguard",
        "Child protection",
        client_a.record_ref,
    ]
    for message in mail.outbox:
        text = message.subject + message.body
        for word in forbidden:
            assert word.lower() not in text.lower(), word
        assert "/reviews/requests/" in text or "/disclosures/" in text


def test_a_rolled_back_action_notifies_nobody(
    therapist, supervisor, supervision, client_a, django_capture_on_commit_callbacks
):
    supervisor.email = "supervisor@example.invalid"
    supervisor.save()
    row = drafted(therapist, client_a, only=("situation",))  # incomplete: refused
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        decisions.request_submit(actor=therapist, disclosure=row)
    assert mail.outbox == []


def test_every_disclosure_action_has_a_plain_label_registered():
    names = Action.names()
    assert len(names) == len(set(names)) > 10
    for name in names:
        assert core_labels.label_for(name) != name, f"{name} has no label"
    assert set(Action.labels()) == set(names)


def test_every_action_recorded_in_a_journey_has_a_label(
    therapist, supervisor, supervision, client_a
):
    at_state("closed", therapist, supervisor, client_a)
    at_state("emergency_review", therapist, supervisor, client_a)
    recorded = set(
        AuditEvent.objects.filter(action__startswith="disclosures.").values_list(
            "action", flat=True
        )
    )
    assert recorded and recorded <= set(Action.labels())


def test_the_decision_record_pdf_reads_as_the_request(therapist, supervisor, supervision, client_a):
    row = at_state("disclosed", therapist, supervisor, client_a)
    response = signed_in(therapist).get(reverse("disclosure_record_pdf", kwargs={"ref": row.ref}))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Disclosure decision record",
        "Child protection and safeguarding",
        "Because",  # the supervisor's reasons
        "Pat Recipient",
        client_a.record_ref,
        "Page 1 of",
    ):
        assert expected in text, expected
    assert AuditEvent.objects.filter(action="disclosures.decision_record_printed").exists()
    reviewer = signed_in(supervisor)
    review_pdf = reverse("disclosure_review_pdf", kwargs={"ref": row.ref})
    assert reviewer.get(review_pdf)["Content-Type"] == "application/pdf"


def test_the_clients_report_is_kept_encrypted_with_its_hash(
    therapist, supervisor, supervision, client_a
):
    """The PDF is made from the approved words, typed nowhere else, and carries the
    therapist's name, professional body, registration number and the date."""
    row = at_state("approved", therapist, supervisor, client_a, kind="client_request")
    browser = signed_in(therapist)
    url = reverse("disclosure_report", kwargs={"ref": row.ref})
    page = browser.get(url).content.decode()
    assert "The report&#x27;s words" in page and "<textarea" not in page
    browser.post(url, {})
    report = row.reports.get()
    assert MARKER not in report.report_text and "JVBER" not in report.pdf  # ciphertext only
    assert report.text_sha256 == DisclosureRequest.objects.get(pk=row.pk).approved_sha256
    pdf = browser.get(
        reverse("disclosure_report_pdf", kwargs={"ref": row.ref, "report_ref": report.ref})
    ).content
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == report.sha256
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    for expected in (
        "The report's words",
        client_a.given_name,
        therapist.get_full_name(),
        "BACP",
        "registration number MBACP 123456",
        f"{timezone.localdate():%-d %B %Y}",
    ):
        assert expected in text, expected


def test_no_disclosure_text_is_stored_in_the_clear(therapist, supervisor, supervision, client_a):
    at_state("disclosed", therapist, supervisor, client_a)
    at_state("emergency_review", therapist, supervisor, client_a)
    with connection.cursor() as cursor:
        for table in (
            "disclosures_disclosurerequest",
            "disclosures_requestevent",
            "disclosures_disclosurerecord",
            "disclosures_quotedpassage",
        ):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump = repr(cursor.fetchall())
            assert MARKER not in dump and "Pat Recipient" not in dump, table
    trail = repr(list(AuditEvent.objects.values_list("details", flat=True)))
    assert MARKER not in trail and "Pat Recipient" not in trail
