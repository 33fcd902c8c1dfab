"""The caseload's table and a client page's notes, sessions and access history are Jinja2
fragments (issue 26): they must say what the Django templates said, escape every value,
and link where `{% url %}` linked."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

import pytest
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import time as django_time
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from practice import jinja_environment
from records import services as record_services
from records.models import Addendum
from tests.conftest import case_file_of, make_client, signed_in

MARKUP = '<b id="x">Bold</b>&"'
ESCAPED = "&lt;b id=&#34;x&#34;&gt;Bold&lt;/b&gt;&amp;&#34;"


@pytest.mark.parametrize(
    ("name", "count"),
    [("client_detail", 1), ("client_edit", 1), ("note_detail", 2), ("session_edit", 2)],
)
def test_url_gives_the_path_reverse_gives(name, count):
    refs = [uuid.uuid4() for _ in range(count)]
    assert jinja_environment.url(name, *refs) == reverse(name, args=refs)
    other = [uuid.uuid4() for _ in range(count)]  # the pattern is reused, not the refs
    assert jinja_environment.url(name, *other) == reverse(name, args=other)


def test_url_without_references_or_with_other_values_is_plain_reverse():
    assert jinja_environment.url("therapist_dashboard") == reverse("therapist_dashboard")
    ref = uuid.uuid4()
    assert jinja_environment.url("client_detail", str(ref)) == reverse("client_detail", args=[ref])


@pytest.mark.parametrize(
    "value",
    [
        date(2026, 3, 4),
        datetime(2026, 7, 1, 23, 30, tzinfo=UTC),  # summer time: 2 July 00:30
        datetime(2026, 1, 15, 9, 5, tzinfo=UTC),
    ],
)
def test_date_is_djangos_date_filter_in_the_practice_time_zone(value):
    shown = timezone.localtime(value) if isinstance(value, datetime) else value
    for format_string in ("j M Y", "j M Y H:i"):
        if isinstance(value, date) and not isinstance(value, datetime) and "H" in format_string:
            continue
        assert jinja_environment.date(value, format_string) == django_date(shown, format_string)
    assert jinja_environment.time(time(9, 5), "H:i") == django_time(time(9, 5), "H:i") == "09:05"
    assert jinja_environment.date(None, "j M Y") == jinja_environment.time(None, "H:i") == ""


def test_the_caseload_row_escapes_what_the_therapist_typed(therapist):
    client = make_client(therapist, given_name=MARKUP, family_name="Rowan", pronouns=MARKUP)
    body = signed_in(therapist).get(reverse("therapist_dashboard")).content.decode()
    assert MARKUP not in body
    row = body[body.index(reverse("client_detail", args=[client.ref])) :]
    assert ESCAPED in row[:400]
    assert "Clients (1)" in body and "Active" in row and "Consent recorded" in row


def test_the_client_page_lists_escape_notes_statements_and_sessions(therapist):
    client = make_client(therapist)
    case_file = case_file_of(client)
    session = record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=date(2026, 3, 4),
        start_time=time(9, 5),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    note = record_services.note_create(
        actor=therapist, case_file=case_file, body=MARKUP, session=session
    )
    note = record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    record_services.addendum_add(
        actor=therapist, note=note, body="Statement " + MARKUP, kind=Addendum.Kind.CLIENT_STATEMENT
    )
    page = signed_in(therapist).get(reverse("client_detail", args=[client.ref]))
    body = page.content.decode()

    assert MARKUP not in body
    assert ESCAPED in body  # the note's preview, escaped by Jinja2
    assert "Statement " + escape(MARKUP) in body  # the statement, by the Django include
    assert reverse("note_detail", args=[client.ref, note.ref]) in body
    assert ", session of 4 Mar 2026" in body and "Signed" in body and "1 addendum" in body
    assert "The client says this note is inaccurate." in body
    assert reverse("session_edit", args=[client.ref, session.ref]) in body
    assert ">09:05<" in body and ">50 min<" in body and "In person" in body
    history = body[body.index('id="access-heading"') :]
    assert "Notes read" in history and "Session recorded" in history
