"""The signing link: once, only for its client, expiring, and changing nothing when refused."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from contracting import services
from contracting.models import Agreement
from practice.models import AuditEvent
from records import services as record_services
from tests.conftest import case_file_of, make_client
from tests.contracting.builders import acknowledge_on_paper, make_agreement, make_sent_agreement

ACCEPT = {
    "read_and_understood": "on",
    "privacy_notice_provided": "on",
    "supervision_explained": "on",
    "consent_to_records": "on",
    "signed_by": "client",
    "signer_name": "Wilhelmina Xylophonesmith",
}


def _sign_url(token: str) -> str:
    return reverse("contracting_sign", kwargs={"token": token})


def _snapshot(agreement: Agreement):
    agreement.refresh_from_db()
    case_file = case_file_of_agreement(agreement)
    return (
        agreement.status,
        agreement.link_used_at,
        agreement.acknowledged_at,
        case_file.records_consent_at,
        AuditEvent.objects.filter(action__startswith="contracting.").count(),
    )


def case_file_of_agreement(agreement):
    agreement.case_file.refresh_from_db()
    return agreement.case_file


def test_link_shows_only_its_clients_documents_and_works_once(therapist, new_client):
    other = make_client(therapist, consent=False, given_name="Barnaby", family_name="Quillon")
    make_sent_agreement(therapist, other)
    agreement, token = make_sent_agreement(therapist, new_client)
    anonymous = Browser()

    page = anonymous.get(_sign_url(token))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Wilhelmina Xylophonesmith" in text
    assert "Confidentiality agreement" in text and "Privacy notice" in text
    assert "Quillon" not in text and "Barnaby" not in text
    assert "wilhelmina.x@example.invalid" not in text  # no other data about the client
    assert page["X-Robots-Tag"].startswith("noindex")

    done = anonymous.post(_sign_url(token), ACCEPT)
    assert done.status_code == 200
    assert "Thank you" in done.content.decode()
    agreement.refresh_from_db()
    assert agreement.is_acknowledged and agreement.method == "link"
    assert agreement.signed_by == "client"
    assert agreement.consent_to_records and agreement.privacy_notice_provided
    assert "Xylophonesmith" not in agreement.signer_name  # encrypted at rest
    assert agreement.get_signer_name() == "Wilhelmina Xylophonesmith"
    assert case_file_of(new_client).has_records_consent
    assert case_file_of(new_client).records_consent_source == "contract_link"
    assert not case_file_of(other).has_records_consent

    before = _snapshot(agreement)
    again = anonymous.get(_sign_url(token))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert "Xylophonesmith" not in again.content.decode()
    assert anonymous.post(_sign_url(token), ACCEPT).status_code == 410
    assert _snapshot(agreement) == before


def test_an_altered_link_is_refused_and_changes_nothing(therapist, new_client):
    agreement, token = make_sent_agreement(therapist, new_client)
    before = _snapshot(agreement)
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for url in (_sign_url(altered), _sign_url("short"), _sign_url(token + "x")):
        response = Browser().post(url, ACCEPT)
        assert response.status_code == 404
        assert "not valid" in response.content.decode()
        assert Browser().get(url).status_code == 404
    assert _snapshot(agreement) == before


def test_an_expired_link_is_refused_and_changes_nothing(therapist, new_client, settings):
    settings.CONTRACT_LINK_HOURS = 72
    agreement, token = make_sent_agreement(therapist, new_client)
    assert agreement.link_expires_at - agreement.link_sent_at == timedelta(hours=72)
    before = _snapshot(agreement)
    with time_machine.travel(timezone.now() + timedelta(hours=72, minutes=1)):
        page = Browser().get(_sign_url(token))
        assert page.status_code == 410
        assert "expired" in page.content.decode()
        assert Browser().post(_sign_url(token), ACCEPT).status_code == 410
    assert _snapshot(agreement) == before


def test_a_new_link_or_new_documents_retire_the_old_link(therapist, new_client):
    agreement, first = make_sent_agreement(therapist, new_client)
    services.agreement_send(actor=therapist, agreement=agreement)
    assert Browser().get(_sign_url(first)).status_code == 404
    agreement, second = make_sent_agreement(therapist, new_client)
    make_agreement(therapist, new_client)  # prepared again: the sent one is replaced
    assert Browser().get(_sign_url(second)).status_code == 410


def test_the_consents_are_separate_and_required_ones_are_checked(therapist, new_client):
    agreement, token = make_sent_agreement(therapist, new_client)
    incomplete = {**ACCEPT}
    del incomplete["supervision_explained"]
    response = Browser().post(_sign_url(token), incomplete)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "sent"

    without_records = {**ACCEPT}
    del without_records["consent_to_records"]
    assert Browser().post(_sign_url(token), without_records).status_code == 200
    agreement.refresh_from_db()
    assert agreement.is_acknowledged and not agreement.consent_to_records
    assert not case_file_of(new_client).has_records_consent


def test_a_note_is_refused_before_records_consent_and_allowed_after(therapist, new_client):
    case_file = case_file_of(new_client)
    with pytest.raises(ValidationError, match="not yet given explicit consent"):
        record_services.note_create(actor=therapist, case_file=case_file, body="First note")

    _, token = make_sent_agreement(therapist, new_client)
    assert Browser().post(_sign_url(token), ACCEPT).status_code == 200

    note = record_services.note_create(
        actor=therapist, case_file=case_file_of(new_client), body="First note"
    )
    assert not note.written_without_consent


def test_withdrawn_consent_is_dated_and_stops_new_notes(therapist, new_client):
    agreement, token = make_sent_agreement(therapist, new_client)
    Browser().post(_sign_url(token), ACCEPT)
    agreement.refresh_from_db()
    services.agreement_consent_withdraw(actor=therapist, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.consent_withdrawn_at is not None
    case_file = case_file_of(new_client)
    assert case_file.records_consent_withdrawn_at is not None
    with pytest.raises(ValidationError, match="withdrew consent"):
        record_services.note_create(actor=therapist, case_file=case_file, body="Another")


def test_paper_acknowledgement_sets_records_consent(therapist, new_client):
    agreement = acknowledge_on_paper(therapist, make_agreement(therapist, new_client), consent=True)
    agreement.refresh_from_db()
    assert agreement.is_acknowledged and agreement.method == "paper"
    assert case_file_of(new_client).records_consent_source == "contract_paper"
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.agreement_send(actor=therapist, agreement=agreement)


def test_paper_acknowledgement_needs_each_confirmation(therapist, new_client):
    agreement = make_agreement(therapist, new_client)
    with pytest.raises(ValidationError, match="supervision was explained"):
        services.agreement_acknowledge_paper(
            actor=therapist,
            agreement=agreement,
            acknowledged_on=timezone.localdate(),
            signed_by="client",
            discussed=True,
            privacy_notice_provided=True,
            supervision_explained=False,
            consent_to_records=True,
        )


def test_another_therapist_cannot_send_or_acknowledge(therapist, therapist2, new_client):
    agreement = make_agreement(therapist, new_client)
    with pytest.raises(PermissionDenied):
        services.agreement_send(actor=therapist2, agreement=agreement)
    with pytest.raises(PermissionDenied):
        services.agreement_consent_withdraw(actor=therapist2, agreement=agreement)


def test_the_link_is_emailed_from_the_practice_with_a_neutral_subject_after_commit(
    therapist, new_client, django_capture_on_commit_callbacks
):
    agreement = make_agreement(therapist, new_client)
    with django_capture_on_commit_callbacks(execute=True):
        url = services.agreement_send(actor=therapist, agreement=agreement, email=new_client.email)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wilhelmina.x@example.invalid"]
    assert url in message.body
    subject = message.subject.lower()
    for word in ("therap", "counsel", "wilhelmina", "xylophonesmith", "heronsgate", "confidential"):
        assert word not in subject, word
    for word in ("wilhelmina", "xylophonesmith", "confidential", "counsel"):
        assert word not in message.body.lower(), word
    # It names the practice, and comes from the practice's own address.
    assert "Heronsgate Therapy Rooms has sent you two documents" in message.body
    assert message.from_email == "Heronsgate Therapy Rooms <hello@heronsgate.example>"
    token = url.rstrip("/").rsplit("/", 1)[-1]
    agreement.refresh_from_db()
    assert token not in agreement.link_token_hash
    assert not Agreement.objects.filter(link_token_hash=token).exists()


def test_every_step_is_audited_without_names(therapist, new_client):
    agreement, token = make_sent_agreement(therapist, new_client)
    Browser().get(_sign_url(token))
    Browser().post(_sign_url(token), ACCEPT)
    agreement.refresh_from_db()
    services.agreement_consent_withdraw(actor=therapist, agreement=agreement)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    for action in ("generated", "sent", "opened", "acknowledged", "withdrawn"):
        assert f"contracting.{action}" in actions
    trail = repr(list(AuditEvent.objects.values_list()))
    for marker in ("Wilhelmina", "Xylophonesmith", token):
        assert marker not in trail


def test_contracting_tables_hold_no_client_name(therapist, new_client):
    agreement, token = make_sent_agreement(therapist, new_client)
    Browser().post(_sign_url(token), ACCEPT)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if not table.startswith("contracting_"):
                continue
            cursor.execute(f'SELECT * FROM "{table}"')
            rows = repr(cursor.fetchall())
            assert "Wilhelmina" not in rows and "Xylophonesmith" not in rows, table
            assert token not in rows


def test_first_session_without_an_acknowledged_agreement_is_flagged(therapist, new_client):
    from contracting import selectors

    case_file = case_file_of(new_client)
    assert selectors.state_of(case_file).key == "not_started"
    assert not selectors.state_of(case_file).late
    record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=timezone.localdate(),
        start_time=time(10),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    state = selectors.state_of(case_file)
    assert state.late
    assert "overdue" in state.cell[0] and state.cell[1] == "badge-danger"


def test_a_pdf_fetched_through_the_signing_link_is_audited(therapist, new_client):
    agreement, token = make_sent_agreement(therapist, new_client)
    url = reverse("contracting_sign_document", kwargs={"token": token, "kind": "contract"})
    response = Browser().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.filter(action="contracting.document_read").latest("seq")
    assert event.actor_label == "client-link"
    assert event.target_ref == agreement.case_file.record_ref
    assert event.details["via"] == "signing_link" and event.details["document"] == "contract"


def test_weasyprint_may_load_only_the_apps_own_static_files(tmp_path, settings):
    from contracting.rendering import PRINT_STYLESHEET
    from practice.documents import FetchRefused, static_only_fetcher

    fetch = static_only_fetcher(PRINT_STYLESHEET.parent).fetch
    fetch(PRINT_STYLESHEET.as_uri()).close()  # the app's own file: served
    secret = tmp_path / "secret.txt"
    secret.write_text("not for a PDF")
    for url in (
        secret.as_uri(),
        "file:///etc/passwd",
        "https://example.invalid/track.png",
        "http://127.0.0.1:8000/",
        "data:text/plain,hello",
        (PRINT_STYLESHEET.parent / ".." / ".." / ".env").resolve().as_uri(),
    ):
        with pytest.raises(FetchRefused):
            fetch(url)


def test_a_pdf_with_a_hostile_image_is_still_made_without_fetching_it(tmp_path):
    from contracting.rendering import pdf_from_html

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    html = f'<p>Hello</p><img src="{secret.as_uri()}"><img src="https://example.invalid/x.png">'
    assert pdf_from_html(html).startswith(b"%PDF")
