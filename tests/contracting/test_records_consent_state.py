"""Records consent means what the contract says: declined on paper or by link stops every
note (no urgent override), and only consent that was given can be withdrawn."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from contracting import services
from practice.models import AuditEvent
from records import services as record_services
from tests.conftest import case_file_of, signed_in
from tests.contracting.builders import acknowledge_on_paper, make_agreement, make_sent_agreement

LINK_WITHOUT_RECORDS = {
    "read_and_understood": "on",
    "privacy_notice_provided": "on",
    "supervision_explained": "on",
    "signed_by": "client",
    "signer_name": "Wilhelmina Xylophonesmith",
}


def test_a_new_client_has_not_been_asked_and_may_be_written_about_with_a_reason(
    therapist, new_client
):
    case_file = case_file_of(new_client)
    assert case_file.records_consent == "not_asked"
    assert case_file.may_override_consent and not case_file.may_write_notes
    record_services.note_create(
        actor=therapist, case_file=case_file, body="Urgent", override_reason="Crisis, first visit"
    )
    assert case_file_of(new_client).may_write_notes


def test_paper_acknowledgement_with_the_box_unticked_records_a_decline(therapist, new_client):
    acknowledge_on_paper(therapist, make_agreement(therapist, new_client), consent=False)
    case_file = case_file_of(new_client)
    assert case_file.records_consent == "declined"
    assert case_file.get_records_consent_display() == "Records consent declined"
    assert case_file.records_consent_declined_at is not None
    assert not case_file.may_write_notes and not case_file.may_override_consent
    assert AuditEvent.objects.filter(action="records.consent_declined").count() == 1


def test_no_note_after_a_decline_even_with_an_urgent_reason(therapist, new_client):
    acknowledge_on_paper(therapist, make_agreement(therapist, new_client), consent=False)
    with pytest.raises(ValidationError, match="declined consent"):
        record_services.note_create(
            actor=therapist,
            case_file=case_file_of(new_client),
            body="Written anyway",
            override_reason="Urgent",
        )
    assert not case_file_of(new_client).notes.exists()


def test_the_note_page_refuses_after_a_decline_and_offers_no_override(therapist, new_client):
    acknowledge_on_paper(therapist, make_agreement(therapist, new_client), consent=False)
    browser = signed_in(therapist)
    url = reverse("note_new", kwargs={"ref": new_client.ref})
    page = browser.get(url).content.decode()
    assert "declined consent to keeping records" in page
    assert "override_reason" not in page
    browser.post(url, {"body": "Written anyway", "override_reason": "Urgent"})
    assert not case_file_of(new_client).notes.exists()


def test_a_link_accepted_with_the_box_unticked_records_a_decline(therapist, new_client):
    _, token = make_sent_agreement(therapist, new_client)
    url = reverse("contracting_sign", kwargs={"token": token})
    assert Browser().post(url, LINK_WITHOUT_RECORDS).status_code == 200
    assert case_file_of(new_client).records_consent == "declined"
    event = AuditEvent.objects.get(action="records.consent_declined")
    assert event.actor_label == "client"


def test_consent_given_after_a_decline_lets_notes_be_written(therapist, new_client):
    acknowledge_on_paper(therapist, make_agreement(therapist, new_client), consent=False)
    record_services.records_consent_record(
        actor=therapist, case_file=case_file_of(new_client), given_on=timezone.localdate()
    )
    case_file = case_file_of(new_client)
    assert case_file.records_consent == "given"
    assert case_file.records_consent_declined_at is None
    note = record_services.note_create(actor=therapist, case_file=case_file, body="Now agreed")
    assert not note.written_without_consent


def test_withdrawing_from_an_agreement_that_gave_no_consent_is_refused_and_changes_nothing(
    therapist, new_client
):
    agreement = acknowledge_on_paper(
        therapist, make_agreement(therapist, new_client), consent=False
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="did not record consent"):
        services.agreement_consent_withdraw(actor=therapist, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.consent_withdrawn_at is None
    assert case_file_of(new_client).records_consent == "declined"
    assert AuditEvent.objects.count() == events


def test_the_withdraw_page_refuses_an_agreement_without_consent(therapist, new_client):
    agreement = acknowledge_on_paper(
        therapist, make_agreement(therapist, new_client), consent=False
    )
    browser = signed_in(therapist)
    url = reverse(
        "contracting_withdraw", kwargs={"ref": new_client.ref, "agreement_ref": agreement.ref}
    )
    response = browser.post(url, follow=True)
    assert "did not record consent" in response.content.decode()
    assert case_file_of(new_client).records_consent == "declined"


def test_withdrawing_consent_that_was_given(therapist, new_client):
    agreement = acknowledge_on_paper(therapist, make_agreement(therapist, new_client), consent=True)
    services.agreement_consent_withdraw(actor=therapist, agreement=agreement)
    case_file = case_file_of(new_client)
    assert case_file.records_consent == "withdrawn"
    assert not case_file.may_write_notes and not case_file.may_override_consent
    with pytest.raises(ValidationError, match="already recorded"):
        services.agreement_consent_withdraw(actor=therapist, agreement=agreement)


def test_records_consent_cannot_be_withdrawn_when_it_was_never_given(therapist, new_client):
    with pytest.raises(ValidationError, match="no records consent to withdraw"):
        record_services.records_consent_withdraw(
            actor=therapist, case_file=case_file_of(new_client)
        )
    response = signed_in(therapist).post(
        reverse("consent_withdraw", kwargs={"ref": new_client.ref}), follow=True
    )
    assert response.status_code == 200
    assert "no records consent to withdraw" in response.content.decode()
    assert case_file_of(new_client).records_consent == "not_asked"


def test_the_consent_state_is_queryable(therapist, new_client):
    from records.models import CaseFile

    acknowledge_on_paper(therapist, make_agreement(therapist, new_client), consent=False)
    assert list(
        CaseFile.objects.filter(records_consent="declined").values_list("record_ref", flat=True)
    ) == [new_client.record_ref]
