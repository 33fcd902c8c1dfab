"""The client's page: what state contracting is in, and which session a new note is for."""

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from records import services as record_services
from tests.conftest import case_file_of, make_client, signed_in


def _session(therapist, case_file, days_ago: int, hour: int = 10):
    return record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=timezone.localdate() - timedelta(days=days_ago),
        start_time=time(hour, 0),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )


def test_client_page_shows_the_contracting_state(therapist):
    client = make_client(therapist)
    url = reverse("client_detail", kwargs={"ref": client.ref})
    page = signed_in(therapist).get(url).content.decode()
    assert "Contracting: <span" in page
    assert "Not started" in page
    _session(therapist, case_file_of(client), days_ago=1)
    page = signed_in(therapist).get(url).content.decode()
    assert "Not started: overdue, a session was held without it" in page


def test_write_a_note_offers_the_latest_session_without_a_note(therapist):
    client = make_client(therapist)
    case_file = case_file_of(client)
    _session(therapist, case_file, days_ago=14)
    waiting = _session(therapist, case_file, days_ago=7)
    written_up = _session(therapist, case_file, days_ago=1)
    record_services.note_create(
        actor=therapist, case_file=case_file, session=written_up, body="Session notes."
    )
    page = signed_in(therapist).get(reverse("note_new", kwargs={"ref": client.ref}))
    html = page.content.decode()
    assert f'<option value="{waiting.pk}" selected>' in html
    assert "has a note" in html


def test_a_session_named_in_the_link_is_offered_instead(therapist):
    client = make_client(therapist)
    case_file = case_file_of(client)
    older = _session(therapist, case_file, days_ago=14)
    _session(therapist, case_file, days_ago=1)
    url = reverse("note_new", kwargs={"ref": client.ref})
    html = signed_in(therapist).get(url, {"session": str(older.ref)}).content.decode()
    assert f'<option value="{older.pk}" selected>' in html
