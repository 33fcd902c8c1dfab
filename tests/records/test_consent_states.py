"""Records consent: not asked, given, declined, withdrawn; and what each allows.

A client who declined said no: no reason overrides that. The urgent-reason override is
only for a client who has not been asked yet.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from practice.models import AuditEvent
from records import services
from records.models import Note, RecordsConsent
from tests.conftest import case_file_of, make_client, signed_in


@pytest.fixture
def declined(therapist):
    client = make_client(therapist, consent=False)
    services.records_consent_decline(
        actor=therapist, case_file=case_file_of(client), declined_on=timezone.localdate()
    )
    return client


def test_a_new_client_is_not_asked_and_may_be_written_about_with_a_reason(therapist):
    case_file = case_file_of(make_client(therapist, consent=False))
    assert case_file.records_consent == RecordsConsent.NOT_ASKED
    assert case_file.may_override_consent
    assert not case_file.may_write_notes


def test_declined_consent_is_stated_and_audited(therapist, declined):
    case_file = case_file_of(declined)
    assert case_file.records_consent == RecordsConsent.DECLINED
    assert not case_file.may_write_notes
    assert not case_file.may_override_consent
    event = AuditEvent.objects.get(action="records.consent_declined")
    assert event.target_ref == case_file.record_ref


def test_declined_consent_refuses_a_note_even_with_a_reason(therapist, declined):
    with pytest.raises(ValidationError, match="declined consent"):
        services.note_create(
            actor=therapist,
            case_file=case_file_of(declined),
            body="Urgent session.",
            override_reason="Urgent first session",
        )
    assert not Note.objects.exists()
    assert case_file_of(declined).consent_override_at is None


def test_an_override_given_before_the_client_declined_stops_at_the_decline(therapist):
    client = make_client(therapist, consent=False)
    services.note_create(
        actor=therapist,
        case_file=case_file_of(client),
        body="Urgent first session.",
        override_reason="Urgent first session",
    )
    services.records_consent_decline(
        actor=therapist, case_file=case_file_of(client), declined_on=timezone.localdate()
    )
    case_file = case_file_of(client)
    assert not case_file.writing_without_consent
    with pytest.raises(ValidationError, match="declined consent"):
        services.note_create(actor=therapist, case_file=case_file, body="Second session.")
    assert Note.objects.count() == 1


def test_consent_given_after_a_decline_opens_the_gate(therapist, declined):
    services.records_consent_record(
        actor=therapist, case_file=case_file_of(declined), given_on=timezone.localdate()
    )
    case_file = case_file_of(declined)
    assert case_file.records_consent == RecordsConsent.GIVEN
    note = services.note_create(actor=therapist, case_file=case_file, body="Session one.")
    assert not note.written_without_consent


def test_only_a_consent_given_can_be_withdrawn(therapist):
    case_file = case_file_of(make_client(therapist, consent=False))
    with pytest.raises(ValidationError, match="no records consent to withdraw"):
        services.records_consent_withdraw(actor=therapist, case_file=case_file)
    case_file.refresh_from_db()
    assert case_file.records_consent == RecordsConsent.NOT_ASKED
    assert not AuditEvent.objects.filter(action="records.consent_withdrawn").exists()


def test_a_decline_cannot_be_dated_in_the_future(therapist):
    case_file = case_file_of(make_client(therapist, consent=False))
    with pytest.raises(ValidationError, match="future"):
        services.records_consent_decline(
            actor=therapist,
            case_file=case_file,
            declined_on=timezone.localdate() + timedelta(days=1),
        )
    assert case_file_of(case_file).records_consent == RecordsConsent.NOT_ASKED


# -- the pages ask the case file ----------------------------------------------------------


def test_client_page_says_declined_and_offers_no_note(therapist, declined):
    page = signed_in(therapist).get(reverse("client_detail", kwargs={"ref": declined.ref}))
    text = page.content.decode()
    assert "Records consent declined" in text
    assert "Not yet recorded" not in text
    assert reverse("note_new", kwargs={"ref": declined.ref}) not in text
    assert "No note can be written until they give it" in text


def test_note_page_for_a_declined_client_offers_no_override(therapist, declined):
    browser = signed_in(therapist)
    url = reverse("note_new", kwargs={"ref": declined.ref})
    page = browser.get(url).content.decode()
    assert "A note cannot be written now" in page
    assert "override_reason" not in page
    response = browser.post(url, {"body": "Text", "override_reason": "Urgent first session"})
    assert "declined consent" in response.content.decode()
    assert not Note.objects.exists()


def test_note_page_for_a_client_not_asked_offers_the_override(therapist):
    client = make_client(therapist, consent=False)
    browser = signed_in(therapist)
    detail = browser.get(reverse("client_detail", kwargs={"ref": client.ref})).content.decode()
    assert "Write a note (records consent needed)" in detail
    url = reverse("note_new", kwargs={"ref": client.ref})
    assert "override_reason" in browser.get(url).content.decode()
    browser.post(url, {"body": "Text", "override_reason": "Urgent first session"})
    assert Note.objects.get().written_without_consent


def test_withdrawing_consent_never_given_is_refused_on_the_page(therapist):
    client = make_client(therapist, consent=False)
    browser = signed_in(therapist)
    response = browser.post(reverse("consent_withdraw", kwargs={"ref": client.ref}), follow=True)
    assert "no records consent to withdraw" in response.content.decode()
    assert case_file_of(client).records_consent == RecordsConsent.NOT_ASKED


def test_caseload_shows_a_declined_consent(therapist, declined):
    page = signed_in(therapist).get(reverse("therapist_dashboard")).content.decode()
    assert "Records consent declined" in page
