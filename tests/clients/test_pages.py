"""The therapist's pages through the Django test client."""

import uuid
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from practice.models import AuditEvent
from records import services as record_services
from records.models import Note, Session
from tests.conftest import case_file_of, make_client, signed_in


def _client_form(**overrides):
    data = {
        "given_name": "Robin",
        "family_name": "Newperson",
        "preferred_contact": "email",
        "email": "robin@example.invalid",
        "status": "active",
    }
    data.update(overrides)
    return data


def test_therapist_adds_a_client_and_a_case_file_opens(therapist):
    response = signed_in(therapist).post(reverse("client_new"), _client_form())
    client = Client.objects.get(family_name="Newperson")
    assert response["Location"] == reverse("client_detail", kwargs={"ref": client.ref})
    assert client.therapist_id == therapist.pk
    assert case_file_of(client).therapist == therapist
    assert client.record_ref.startswith("R-")
    assert "Newperson" not in client.record_ref


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"given_name": ""}, "This field is required"),
        ({"email": ""}, "Give an e-mail address"),
        ({"preferred_contact": "phone", "phone": ""}, "Give a phone number"),
        ({"date_of_birth": "2999-01-01"}, "date of birth is in the future"),
        ({"date_of_birth": "not a date"}, "Enter a valid date"),
        ({"status": "ended"}, "Select a valid choice"),
        ({"given_name": "x" * 101}, "at most 100 characters"),
    ],
)
def test_bad_client_input_is_explained_and_saves_nothing(therapist, overrides, message):
    response = signed_in(therapist).post(reverse("client_new"), _client_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Client.objects.exists()


def test_caseload_shows_only_own_clients_with_search_and_status(therapist, therapist2):
    make_client(therapist, given_name="Ada", family_name="Mine")
    make_client(therapist, given_name="Bo", family_name="Alsomine", status="enquiry")
    make_client(therapist2, given_name="Cy", family_name="Notmine")
    client = signed_in(therapist)
    body = client.get(reverse("therapist_dashboard")).content.decode()
    assert "Ada Mine" in body and "Bo Alsomine" in body
    assert "Notmine" not in body
    body = client.get(reverse("therapist_dashboard"), {"q": "ada"}).content.decode()
    assert "Ada Mine" in body and "Alsomine" not in body
    body = client.get(reverse("therapist_dashboard"), {"status": "enquiry"}).content.decode()
    assert "Bo Alsomine" in body and "Ada Mine" not in body


def test_caseload_is_paginated(therapist):
    for n in range(30):
        make_client(therapist, given_name=f"P{n:02d}", family_name="Paged")
    client = signed_in(therapist)
    first = client.get(reverse("therapist_dashboard")).content.decode()
    second = client.get(reverse("therapist_dashboard"), {"page": 2}).content.decode()
    assert "Page 1 of 2" in first
    assert first.count("Paged</a>") == 25
    assert second.count("Paged</a>") == 5


def test_caseload_flags_notes_written_without_consent(therapist):
    c = make_client(therapist, consent=False)
    record_services.note_create(
        actor=therapist, case_file=case_file_of(c), body="Urgent.", override_reason="Urgent session"
    )
    body = signed_in(therapist).get(reverse("therapist_dashboard")).content.decode()
    assert "Notes written without consent" in body


def _grow(therapist, clients: int, notes: int):
    today = timezone.localdate()
    for n in range(clients):
        c = make_client(therapist, given_name=f"Grow{n}")
        case_file = case_file_of(c)
        for k in range(notes):
            session = record_services.session_save(
                actor=therapist,
                case_file=case_file,
                date=today - timedelta(days=k),
                start_time=time(9),
                duration_minutes=50,
                modality="video",
                attendance="attended",
            )
            note = record_services.note_create(
                actor=therapist, case_file=case_file, session=session, body=f"Note {k}"
            )
            note = record_services.note_sign(
                actor=therapist, note=note, expected_version=note.version
            )
            record_services.addendum_add(actor=therapist, note=note, body="Addendum")
    return c


@pytest.mark.parametrize(("clients", "notes"), [(2, 1), (30, 12)])
def test_caseload_and_client_page_queries_stay_constant(
    therapist, django_assert_max_num_queries, clients, notes
):
    last = _grow(therapist, clients, notes)
    browser = signed_in(therapist)
    with django_assert_max_num_queries(14):
        assert browser.get(reverse("therapist_dashboard")).status_code == 200
    with django_assert_max_num_queries(26):
        assert browser.get(reverse("client_detail", kwargs={"ref": last.ref})).status_code == 200


def test_client_page_shows_notes_newest_first_and_audits_the_read(therapist, client_of_therapist):
    case_file = case_file_of(client_of_therapist)
    first = record_services.note_create(actor=therapist, case_file=case_file, body="Older note")
    second = record_services.note_create(actor=therapist, case_file=case_file, body="Newer note")
    body = (
        signed_in(therapist)
        .get(reverse("client_detail", kwargs={"ref": client_of_therapist.ref}))
        .content.decode()
    )
    assert body.index("Newer note") < body.index("Older note")
    event = AuditEvent.objects.filter(action="records.notes_viewed").latest("seq")
    assert set(event.details["notes"]) == {str(first.ref), str(second.ref)}
    assert "Who accessed this record" in body
    assert "Notes read" in body


def test_write_save_sign_and_amend_through_the_pages(therapist, client_of_therapist):
    browser = signed_in(therapist)
    ref = client_of_therapist.ref
    response = browser.post(reverse("note_new", kwargs={"ref": ref}), {"body": "First draft"})
    note = Note.objects.get()
    assert response["Location"] == reverse("note_detail", kwargs={"ref": ref, "note_ref": note.ref})
    url = reverse("note_detail", kwargs={"ref": ref, "note_ref": note.ref})
    browser.post(url, {"body": "Second draft", "version": note.version})
    asked = browser.post(url, {"body": "Final text", "version": note.version + 1, "sign": "1"})
    assert "Sign and lock this note?" in asked.content.decode()  # saved, not yet signed
    note.refresh_from_db()
    assert not note.is_signed and note.get_body() == "Final text"
    browser.post(url, {"confirm_sign": "1", "version": note.version})
    note.refresh_from_db()
    assert note.is_signed and note.get_body() == "Final text"
    page = browser.post(url, {"body": "Tampered", "version": note.version}, follow=True)
    assert "signed and locked" in page.content.decode()
    browser.post(
        reverse("addendum_new", kwargs={"ref": ref, "note_ref": note.ref}), {"body": "Added later"}
    )
    page = browser.get(url).content.decode()
    assert "Final text" in page and "Added later" in page


def test_stale_draft_from_a_second_tab_keeps_the_typed_text(therapist, client_of_therapist):
    browser = signed_in(therapist)
    ref = client_of_therapist.ref
    browser.post(reverse("note_new", kwargs={"ref": ref}), {"body": "Original"})
    note = Note.objects.get()
    url = reverse("note_detail", kwargs={"ref": ref, "note_ref": note.ref})
    browser.post(url, {"body": "Tab one", "version": note.version})
    response = browser.post(url, {"body": "Tab two words", "version": note.version})
    body = response.content.decode()
    assert response.status_code == 200
    assert "changed elsewhere" in body
    assert "Tab two words" in body  # what they typed is still on screen
    note.refresh_from_db()
    assert note.get_body() == "Tab one"


def test_note_page_refuses_without_consent_and_explains(therapist):
    c = make_client(therapist, consent=False)
    browser = signed_in(therapist)
    page = browser.get(reverse("note_new", kwargs={"ref": c.ref})).content.decode()
    assert "No records consent yet" in page
    response = browser.post(reverse("note_new", kwargs={"ref": c.ref}), {"body": "Text"})
    assert "explicit consent" in response.content.decode()
    assert not Note.objects.exists()


def test_oversized_note_gets_a_clear_error(therapist, client_of_therapist):
    response = signed_in(therapist).post(
        reverse("note_new", kwargs={"ref": client_of_therapist.ref}), {"body": "x" * 100_001}
    )
    assert response.status_code == 200
    assert "at most 100000 characters" in response.content.decode()
    assert not Note.objects.exists()


def test_session_far_in_the_future_gets_a_clear_error(therapist, client_of_therapist):
    response = signed_in(therapist).post(
        reverse("session_new", kwargs={"ref": client_of_therapist.ref}),
        {
            "date": "2099-01-01",
            "start_time": "10:00",
            "duration_minutes": "50",
            "modality": "in_person",
            "attendance": "cancelled",
        },
    )
    assert "more than a year ahead" in response.content.decode()
    assert not Session.objects.exists()


def test_unknown_client_is_a_404_and_audited(therapist):
    missing = uuid.uuid4()
    response = signed_in(therapist).get(reverse("client_detail", kwargs={"ref": missing}))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action="records.access_denied", target_ref=str(missing)
    ).exists()


def test_unknown_note_of_own_client_is_a_404(therapist, client_of_therapist):
    url = reverse("note_detail", kwargs={"ref": client_of_therapist.ref, "note_ref": uuid.uuid4()})
    assert signed_in(therapist).get(url).status_code == 404


def test_end_therapy_sets_last_contact_and_closes_the_file(therapist, client_of_therapist):
    day = timezone.localdate() - timedelta(days=3)
    signed_in(therapist).post(
        reverse("client_end", kwargs={"ref": client_of_therapist.ref}),
        {"last_contact_on": day.isoformat()},
    )
    client_of_therapist.refresh_from_db()
    case_file = case_file_of(client_of_therapist)
    assert client_of_therapist.status == "ended"
    assert case_file.last_contact_on == day
    assert case_file.closed_on == timezone.localdate()


def test_record_consent_from_the_client_page(therapist):
    c = make_client(therapist, consent=False)
    signed_in(therapist).post(
        reverse("consent_record", kwargs={"ref": c.ref}),
        {"given_on": timezone.localdate().isoformat()},
    )
    assert case_file_of(c).has_records_consent


def test_client_updated_event_names_the_changed_fields(therapist, client_of_therapist):
    url = reverse("client_edit", kwargs={"ref": client_of_therapist.ref})
    values = {
        "given_name": client_of_therapist.given_name,
        "family_name": "Renamedperson",
        "preferred_contact": client_of_therapist.preferred_contact,
        "email": "new-address@example.invalid",
        "date_of_birth": client_of_therapist.date_of_birth.isoformat(),
        "status": client_of_therapist.status,
    }
    response = signed_in(therapist).post(url, values)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="clients.updated").latest("seq")
    assert event.details == {"fields": ["email", "family_name"]}


@pytest.mark.parametrize("role", ["supervisor", "admin_user"])
def test_refused_staff_attempts_at_a_client_url_are_audited(request, role, client_of_therapist):
    intruder = request.getfixturevalue(role)
    url = reverse("client_detail", kwargs={"ref": client_of_therapist.ref})
    assert signed_in(intruder).get(url).status_code == 403
    assert AuditEvent.objects.filter(
        action="records.access_denied",
        actor_label=intruder.username,
        target_ref=str(client_of_therapist.ref),
    ).exists()
