"""Notes: consent gate, drafts, signing, addenda, concurrency, size limits."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from practice.fields import PlaintextRefused
from practice.models import AuditEvent
from records import services
from records.models import Note
from tests.conftest import case_file_of, make_client


@pytest.fixture
def case_file(therapist):
    return case_file_of(make_client(therapist))


def _note(therapist, case_file, body="Client explored a difficult week.") -> Note:
    return services.note_create(actor=therapist, case_file=case_file, body=body)


def test_note_is_refused_before_records_consent(therapist):
    case_file = case_file_of(make_client(therapist, consent=False))
    with pytest.raises(ValidationError, match="explicit consent"):
        _note(therapist, case_file)
    assert not Note.objects.exists()


def test_note_with_a_reason_is_allowed_audited_and_flagged(therapist):
    case_file = case_file_of(make_client(therapist, consent=False))
    note = services.note_create(
        actor=therapist,
        case_file=case_file,
        body="Urgent first session.",
        override_reason="Urgent first session; contract next week",
    )
    case_file.refresh_from_db()
    assert note.written_without_consent
    assert case_file.writing_without_consent
    assert case_file.get_consent_override_reason() == "Urgent first session; contract next week"
    assert "Urgent" not in case_file.consent_override_reason  # stored encrypted
    assert AuditEvent.objects.filter(action="records.consent_override").exists()
    services.records_consent_record(
        actor=therapist, case_file=case_file, given_on=timezone.localdate()
    )
    case_file.refresh_from_db()
    assert not case_file.writing_without_consent


def test_note_is_allowed_after_consent(therapist):
    case_file = case_file_of(make_client(therapist, consent=False))
    services.records_consent_record(
        actor=therapist, case_file=case_file, given_on=timezone.localdate()
    )
    assert _note(therapist, case_file).get_body() == "Client explored a difficult week."


def test_withdrawn_consent_stops_new_notes(therapist, case_file):
    services.records_consent_withdraw(actor=therapist, case_file=case_file)
    with pytest.raises(ValidationError, match="withdrew consent"):
        services.note_create(
            actor=therapist, case_file=case_file, body="x", override_reason="anything"
        )


def test_another_therapist_cannot_write(therapist, therapist2, case_file):
    with pytest.raises(PermissionDenied):
        _note(therapist2, case_file)


def test_signed_note_is_locked_and_amended_by_addenda(therapist, case_file):
    note = _note(therapist, case_file)
    note = services.note_sign(actor=therapist, note=note, expected_version=note.version)
    with pytest.raises(ValidationError, match="signed and locked"):
        services.note_save_draft(
            actor=therapist, note=note, body="rewritten", expected_version=note.version
        )
    addendum = services.addendum_add(actor=therapist, note=note, body="Correction: Tuesday.")
    note.refresh_from_db()
    assert note.get_body() == "Client explored a difficult week."
    assert addendum.get_body() == "Correction: Tuesday."
    assert "Tuesday" not in addendum.body


def test_second_tab_saving_a_stale_draft_is_told_and_nothing_is_lost(therapist, case_file):
    note = _note(therapist, case_file)
    opened_version = note.version
    services.note_save_draft(
        actor=therapist, note=note, body="First tab's text", expected_version=opened_version
    )
    with pytest.raises(services.StaleDraft, match="changed elsewhere"):
        services.note_save_draft(
            actor=therapist, note=note, body="Second tab's text", expected_version=opened_version
        )
    note.refresh_from_db()
    assert note.get_body() == "First tab's text"


def test_note_over_the_size_limit_is_refused(therapist, case_file):
    with pytest.raises(ValidationError, match="100,000"):
        _note(therapist, case_file, body="x" * 100_001)
    assert not Note.objects.exists()


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_empty_note_is_refused(therapist, case_file, body):
    with pytest.raises(ValidationError, match="empty"):
        _note(therapist, case_file, body=body)


def test_plaintext_cannot_be_saved_into_an_encrypted_column(therapist, case_file):
    note = _note(therapist, case_file)
    note.body = "plain words"
    with pytest.raises(PlaintextRefused):
        note.save()


def test_session_far_in_the_future_is_refused(therapist, case_file):
    with pytest.raises(ValidationError, match="more than a year ahead"):
        services.session_save(
            actor=therapist,
            case_file=case_file,
            date=timezone.localdate() + timedelta(days=3650),
            start_time=time(10),
            duration_minutes=50,
            modality="in_person",
            attendance="cancelled",
        )


def test_future_session_cannot_be_marked_attended(therapist, case_file):
    with pytest.raises(ValidationError, match="only be recorded as cancelled"):
        services.session_save(
            actor=therapist,
            case_file=case_file,
            date=timezone.localdate() + timedelta(days=3),
            start_time=time(10),
            duration_minutes=50,
            modality="in_person",
            attendance="attended",
        )


def test_attended_session_sets_last_contact(therapist, case_file):
    day = timezone.localdate() - timedelta(days=2)
    services.session_save(
        actor=therapist,
        case_file=case_file,
        date=day,
        start_time=time(10),
        duration_minutes=50,
        modality="video",
        attendance="attended",
    )
    case_file.refresh_from_db()
    assert case_file.last_contact_on == day


def test_viewing_notes_is_audited_without_their_text(therapist, case_file):
    note = _note(therapist, case_file, body="A very private sentence")
    revealed = services.notes_reveal(actor=therapist, case_file=case_file, notes=[note])
    assert revealed[0].body == "A very private sentence"
    event = AuditEvent.objects.get(action="records.notes_viewed")
    assert event.details == {"notes": [str(note.ref)]}
    assert event.target_ref == case_file.record_ref
    assert "private" not in str(AuditEvent.objects.values_list())


def test_ciphertext_copied_onto_another_row_fails_clearly(therapist, case_file):
    first = _note(therapist, case_file, body="Belongs to the first note")
    second = _note(therapist, case_file, body="Second")
    Note.objects.filter(pk=second.pk).update(body=first.body)
    second.refresh_from_db()
    (revealed,) = services.notes_reveal(actor=therapist, case_file=case_file, notes=[second])
    assert revealed.body == ""
    assert "copied from another row" in revealed.error


def test_ciphertext_copied_to_another_clients_file_fails(therapist, case_file):
    other = case_file_of(make_client(therapist, given_name="Other"))
    note = _note(therapist, case_file)
    foreign = _note(therapist, other)
    Note.objects.filter(pk=foreign.pk).update(body=note.body)
    foreign.refresh_from_db()
    (revealed,) = services.notes_reveal(actor=therapist, case_file=other, notes=[foreign])
    assert revealed.error


def test_missing_data_key_gives_a_clear_error(therapist, case_file):
    note = _note(therapist, case_file)
    type(case_file).objects.filter(pk=case_file.pk).update(wrapped_key="")
    case_file.refresh_from_db()
    (revealed,) = services.notes_reveal(actor=therapist, case_file=case_file, notes=[note])
    assert "missing" in revealed.error


def test_an_older_ciphertext_of_the_same_note_put_back_does_not_decrypt(therapist, case_file):
    from practice.keyring import DecryptionError

    note = _note(therapist, case_file, body="First version of the draft.")
    old_ciphertext = Note.objects.get(pk=note.pk).body
    note = services.note_save_draft(
        actor=therapist, note=note, body="Second version.", expected_version=note.version
    )
    Note.objects.filter(pk=note.pk).update(body=old_ciphertext)  # a restore from a backup
    with pytest.raises(DecryptionError):
        Note.objects.get(pk=note.pk).get_body()


def test_signing_keeps_the_note_readable_and_binds_it_to_the_signed_state(therapist, case_file):
    from practice.keyring import DecryptionError

    note = _note(therapist, case_file, body="Signed text.")
    draft_ciphertext = Note.objects.get(pk=note.pk).body
    note = services.note_sign(actor=therapist, note=note, expected_version=note.version)
    assert Note.objects.get(pk=note.pk).get_body() == "Signed text."
    Note.objects.filter(pk=note.pk).update(body=draft_ciphertext)
    with pytest.raises(DecryptionError):
        Note.objects.get(pk=note.pk).get_body()


def test_an_emptied_note_column_is_an_error_not_an_empty_note(therapist, case_file):
    from practice.keyring import DecryptionError

    note = _note(therapist, case_file)
    Note.objects.filter(pk=note.pk).update(body="")
    with pytest.raises(DecryptionError, match="empty where a ciphertext belongs"):
        Note.objects.get(pk=note.pk).get_body()
