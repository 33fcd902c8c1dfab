"""Rectification requests (UK GDPR Art. 16; issue 23, item 2): the one-month clock shared
with subject access, the services and their refusals (nothing changed), ciphertext at rest,
the letters' PDF text, the client's statement with the note on the client page and in a
later subject access answer, and the pages."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from practice.models import AuditEvent
from records.models import Addendum
from rights import desk, services
from rights.models import RectificationLetter, RectificationRequest
from subject_access import release
from tests.conftest import case_file_of, make_client, signed_in
from tests.contracting.builders import complete_practice_profile
from tests.rights.builders import (
    rectification_logged,
    rectification_responded,
    signed_note,
)
from tests.subject_access.builders import compiled

pytestmark = pytest.mark.django_db(databases="__all__")


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def _words(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"


@pytest.fixture
def practice():
    complete_practice_profile(name="Harbour Lane Practice")


@pytest.fixture
def client(therapist):
    return make_client(therapist, given_name="Rowena")


# -- The clock: one month from receipt (Art. 12(3)), on subject access's calendar ----------

CLOCK = [
    # received, nation, further months, due, extension to be told by
    (date(2026, 3, 10), "ENG", 0, date(2026, 4, 10), date(2026, 4, 10)),
    # the corresponding day is Good Friday; Easter Monday is a holiday in England only
    (date(2026, 3, 3), "ENG", 0, date(2026, 4, 7), date(2026, 4, 7)),
    (date(2026, 3, 3), "SCT", 0, date(2026, 4, 6), date(2026, 4, 6)),
    # the spring bank holiday (Mon 25 May 2026)
    (date(2026, 4, 25), "ENG", 0, date(2026, 5, 26), date(2026, 5, 26)),
    # Christmas on a Friday, Boxing Day's substitute on the Monday
    (date(2026, 11, 25), "ENG", 0, date(2026, 12, 29), date(2026, 12, 29)),
    # no 31 February: the month's last day, then the weekend (2 March is a Monday)
    (date(2026, 1, 31), "ENG", 1, date(2026, 3, 31), date(2026, 3, 2)),
    # two further months, ending on Easter Sunday 2026
    (date(2026, 1, 5), "ENG", 2, date(2026, 4, 7), date(2026, 2, 5)),
    (date(2026, 1, 5), "SCT", 2, date(2026, 4, 6), date(2026, 2, 5)),
]


@pytest.mark.parametrize(("received", "nation", "months", "due", "notice_by"), CLOCK)
def test_the_clock_runs_one_month_from_receipt_with_holidays_and_extension(
    received, nation, months, due, notice_by
):
    request = RectificationRequest(
        received_on=received,
        extension_months=months,
        extended_on=received + timedelta(days=1) if months else None,
    )
    clock = request.clock(nation=nation, as_of=received)
    assert clock.due_on == due
    assert clock.extension_notice_by() == notice_by


# -- Services and their refusals ------------------------------------------------------------


def _counts():
    return (
        RectificationRequest.objects.count(),
        RectificationLetter.objects.count(),
        Addendum.objects.count(),
        AuditEvent.objects.count(),
    )


def test_logging_keeps_the_request_for_the_case_file_and_audits_references(admin_user, client):
    request = rectification_logged(admin_user, client, asks="Fenwhistle: my job is wrong.")
    assert request.record_ref == case_file_of(client).record_ref
    assert request.get_asks() == "Fenwhistle: my job is wrong."
    event = AuditEvent.objects.get(action="rights.rectification_logged")
    assert event.target_ref == request.record_ref
    assert "Fenwhistle" not in json.dumps(event.details)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"asks": "   "}, "Write what the client asks"),
        ({"asks": "x" * 5001}, "5,000 characters"),
        ({"received_on": date.today() + timedelta(days=2)}, "cannot be in the future"),
    ],
)
def test_bad_input_to_the_log_is_refused_and_nothing_kept(admin_user, client, values, message):
    before = _counts()
    arguments = {"received_on": timezone.localdate(), "asks": "Wrong.", **values}
    with pytest.raises(ValidationError, match=message):
        services.rectification_log(actor=admin_user, client=client, **arguments)
    assert _counts() == before


def test_only_an_admin_logs_a_request(therapist, client):
    with pytest.raises(ValidationError, match="Only an admin"):
        services.rectification_log(
            actor=therapist, client=client, received_on=timezone.localdate(), asks="Wrong."
        )
    assert not RectificationRequest.objects.exists()


def test_the_therapist_disagreeing_attaches_the_clients_statement(admin_user, therapist, client):
    request = rectification_responded(admin_user, therapist, client, response="disagreed")
    assert request.status == "responded"
    statement = Addendum.objects.get(ref=request.addendum_ref)
    assert statement.kind == Addendum.Kind.CLIENT_STATEMENT
    assert statement.note.ref == request.note_ref
    assert statement.get_body() == "I never said I would leave my job."
    assert AuditEvent.objects.filter(action="records.client_statement_added").exists()
    assert AuditEvent.objects.filter(action="rights.rectification_responded").exists()


def test_the_therapist_agreeing_corrects_the_note_by_an_addendum(admin_user, therapist, client):
    request = rectification_responded(admin_user, therapist, client, response="agreed")
    addendum = Addendum.objects.get(ref=request.addendum_ref)
    assert addendum.kind == Addendum.Kind.ADDENDUM
    assert addendum.note.get_body() == "Client said they would leave their job."  # not rewritten


def test_a_response_is_refused_from_anyone_but_the_clients_therapist(
    admin_user, therapist, therapist2, client
):
    note = signed_note(therapist, client)
    request = rectification_logged(admin_user, client)
    before = _counts()
    for actor in (therapist2, admin_user):
        with pytest.raises(ValidationError, match="may not take this step"):
            services.rectification_respond(
                actor=actor,
                rectification=request,
                note=note,
                response="agreed",
                addendum="Fixed.",
                reasons="Fixed.",
            )
    assert _counts() == before


def test_a_response_on_another_clients_note_or_a_draft_or_blank_is_refused(
    admin_user, therapist, client
):
    from records import services as record_services

    other = make_client(therapist, given_name="Other")
    others_note = signed_note(therapist, other)
    draft = record_services.note_create(
        actor=therapist, case_file=case_file_of(client), body="Draft."
    )
    request = rectification_logged(admin_user, client)
    before = _counts()
    cases = [
        ({"note": others_note}, "this client's case file"),
        ({"note": draft}, "signed note"),
        ({"response": "maybe"}, "Say whether you agree"),
        ({"addendum": " "}, "client's own statement"),
        ({"reasons": ""}, "why the note stands"),
    ]
    own = signed_note(therapist, client)
    before = _counts()
    for values, message in cases:
        arguments = {
            "note": own,
            "response": "disagreed",
            "addendum": "I disagree.",
            "reasons": "It is my opinion.",
            **values,
        }
        with pytest.raises(ValidationError, match=message):
            services.rectification_respond(actor=therapist, rectification=request, **arguments)
    assert _counts() == before
    request.refresh_from_db()
    assert request.status == "received"


def test_a_second_response_and_an_early_outcome_are_refused(admin_user, therapist, client):
    request = rectification_logged(admin_user, client)
    with pytest.raises(ValidationError, match="once the therapist has responded"):
        services.rectification_close(actor=admin_user, rectification=request)
    request = rectification_responded(admin_user, therapist, client)
    with pytest.raises(ValidationError, match="already responded"):
        services.rectification_respond(
            actor=therapist,
            rectification=request,
            note=signed_note(therapist, client),
            response="agreed",
            addendum="Again.",
            reasons="Again.",
        )


def test_acknowledgement_and_extension_are_issued_once_within_the_first_month(
    admin_user, client, practice
):
    request = rectification_logged(admin_user, client)
    services.rectification_acknowledge(actor=admin_user, rectification=request)
    with pytest.raises(ValidationError, match="already been acknowledged|has been acknowledged"):
        services.rectification_acknowledge(actor=admin_user, rectification=request)
    with pytest.raises(ValidationError, match="one or two further months"):
        services.rectification_extend(
            actor=admin_user, rectification=request, months=3, reasons="X"
        )
    with pytest.raises(ValidationError, match="reasons"):
        services.rectification_extend(
            actor=admin_user, rectification=request, months=1, reasons=" "
        )
    services.rectification_extend(
        actor=admin_user, rectification=request, months=2, reasons="Many records to read."
    )
    request.refresh_from_db()
    assert request.extension_months == 2
    assert request.clock().due_on >= timezone.localdate() + timedelta(days=84)
    with pytest.raises(ValidationError, match="already been extended"):
        services.rectification_extend(
            actor=admin_user, rectification=request, months=1, reasons="X"
        )
    assert RectificationLetter.objects.filter(rectification=request).count() == 2


def test_an_extension_after_the_first_month_is_refused(admin_user, client, practice):
    request = rectification_logged(
        admin_user, client, received_on=timezone.localdate() - timedelta(days=45)
    )
    before = _counts()
    with pytest.raises(ValidationError, match="within the first month"):
        services.rectification_extend(
            actor=admin_user, rectification=request, months=1, reasons="Too late."
        )
    assert _counts() == before


# -- Ciphertext at rest ----------------------------------------------------------------------

MARKERS = [
    "Thistlebarrow asks for the May note",  # what the client asks
    "Umberfalcon many records to read",  # the extension's reasons
    "Vantablue statement in the clients words",  # the client's statement (records)
    "Wrenquartz my professional opinion stands",  # what the outcome letter says
]


def _dump(alias: str) -> str:
    connection = connections[alias]
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


def test_the_words_are_ciphertext_at_rest_and_absent_from_the_audit_trail(
    admin_user, therapist, client, practice
):
    request = rectification_logged(admin_user, client, asks=MARKERS[0])
    services.rectification_extend(
        actor=admin_user, rectification=request, months=1, reasons=MARKERS[1]
    )
    services.rectification_respond(
        actor=therapist,
        rectification=request,
        note=signed_note(therapist, client),
        response="disagreed",
        addendum=MARKERS[2],
        reasons=MARKERS[3],
    )
    services.rectification_close(actor=admin_user, rectification=RectificationRequest.objects.get())
    for alias in connections:
        dumped = _dump(alias)
        for marker in MARKERS:
            assert marker not in dumped, (alias, marker)
            assert marker.split()[0] not in dumped, (alias, marker)
    request = RectificationRequest.objects.get()
    assert request.get_asks() == MARKERS[0]
    assert request.get_extension_reasons() == MARKERS[1]


# -- The letters' PDF text --------------------------------------------------------------------


def test_the_acknowledgement_and_extension_letters_state_the_dates_and_reasons(
    admin_user, client, practice
):
    received = timezone.localdate() - timedelta(days=3)
    request = rectification_logged(admin_user, client, received_on=received)
    letter = services.rectification_acknowledge(actor=admin_user, rectification=request)
    text = _text(services.rectification_letter_read(actor=admin_user, letter=letter))
    assert request.reference in text and "Article 16" in text and "Article 12(3)" in text
    assert _words(request.clock().due_on) in text
    assert "Rowena" in text
    assert "therapy" not in text.lower() and "counsell" not in text.lower()

    letter = services.rectification_extend(
        actor=admin_user, rectification=request, months=1, reasons="We have several requests."
    )
    text = _text(services.rectification_letter_read(actor=admin_user, letter=letter))
    request.refresh_from_db()
    assert "We have several requests." in text and "one further month" in text
    assert _words(request.clock().due_on) in text
    assert "Information Commissioner" in text
    assert AuditEvent.objects.filter(action="rights.rectification_letter_downloaded").count() == 2


@pytest.mark.parametrize(
    ("response", "says"),
    [
        ("agreed", "have corrected it"),
        ("disagreed", "a professional opinion is not inaccurate because you disagree"),
    ],
)
def test_the_outcome_letter_says_what_was_done_and_the_right_to_complain(
    admin_user, therapist, client, practice, response, says
):
    request = rectification_responded(admin_user, therapist, client, response=response)
    letter = services.rectification_close(actor=admin_user, rectification=request)
    text = _text(services.rectification_letter_read(actor=admin_user, letter=letter))
    assert says in text
    assert "The note records what was said in the session." in text
    assert "Information Commissioner" in text and "court" in text
    if response == "disagreed":
        assert "attached your own statement" in text
    request.refresh_from_db()
    assert request.status == "closed" and request.closed_on == timezone.localdate()


# -- The statement with the note, on the client page and in a later answer --------------------


def test_the_statement_is_shown_with_the_note_and_in_a_later_subject_access_answer(
    admin_user, therapist, client
):
    rectification_responded(admin_user, therapist, client, response="disagreed")
    page = signed_in(therapist).get(reverse("client_detail", args=[client.ref])).content.decode()
    assert "The client says this note is inaccurate." in page
    assert "I never said I would leave my job." in page
    assert "Client said they would leave their job." in page

    sar = compiled(admin_user, client)
    answer = json.dumps(release.sar_draft_open(actor=therapist, sar=sar))
    assert "I never said I would leave my job." in answer
    assert "Your own statement that this note is inaccurate" in answer
    assert "The note of May is wrong." in answer  # the request itself, in its words


# -- The pages --------------------------------------------------------------------------------


def _token(html: str) -> str:
    return html.split('name="form_token" value="')[1].split('"')[0]


def test_the_admin_logs_and_the_therapist_responds_through_the_pages(
    admin_user, therapist, therapist2, client, practice
):
    note = signed_note(therapist, client)
    admin = signed_in(admin_user)
    for query in ("Rowena", case_file_of(client).record_ref.lower()):
        found = admin.get(reverse("rectification_new") + f"?q={query}").content.decode()
        assert "Rowena" in found, query
    received = timezone.localdate() - timedelta(days=2)
    response = admin.post(
        reverse("rectification_new"),
        {
            "form_token": _token(found),
            "client": client.ref,
            "received_on": received.isoformat(),
            "asks": "My note of May says I will leave my job.",
        },
    )
    assert response.status_code == 302
    request = RectificationRequest.objects.get()
    assert str(request.ref) not in str(AuditEvent.objects.values_list("details", flat=True))
    detail = admin.get(response["Location"]).content.decode()
    due = request.clock().due_on
    left = (due - timezone.localdate()).days
    assert f"{left} day" in detail and "My note of May" in detail

    items = [item for item in desk.desk(admin_user) if item.reference == request.reference]
    assert items and items[0].left == f"{left} days left"
    desk_page = admin.get(reverse("desk")).content.decode()
    assert request.reference in desk_page

    bad = admin.post(
        reverse("rectification_extend", args=[request.ref]),
        {"months": "1", "told_on": timezone.localdate().isoformat(), "reasons": ""},
    )
    assert bad.status_code == 400 and not request.letters.exists()

    mine = signed_in(therapist).get(reverse("rectification_mine")).content.decode()
    assert request.reference in mine
    url = reverse("rectification_respond", args=[request.ref])
    assert signed_in(therapist2).get(url).status_code == 404
    values = {
        "note": str(note.ref),
        "response": "disagreed",
        "addendum": "I said I might, one day.",
        "reasons": "The note records the session as it was.",
    }
    assert signed_in(therapist2).post(url, values).status_code == 404
    response = signed_in(therapist).post(url, values)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "responded"

    response = admin.post(
        reverse("rectification_close", args=[request.ref]),
        {"closed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    letter = request.letters.get(kind="outcome")
    download = admin.get(reverse("rectification_letter", args=[request.ref, letter.ref]))
    assert download["Content-Type"] == "application/pdf"
    assert "I said I might" not in _text(download.content)  # the statement stays on the note
    assert "The note records the session as it was." in _text(download.content)
