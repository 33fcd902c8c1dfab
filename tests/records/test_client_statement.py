"""The client's own statement on a note they say is inaccurate (UK GDPR Art. 16): where the
therapist does not agree, the statement is attached to the note, shown wherever the note is
shown, kept encrypted, and given in any later subject access answer."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practice.models import AuditEvent
from records import services
from records.models import Addendum
from subject_access import compiling
from subject_access import reading as client_reading
from tests.conftest import case_file_of, make_client, signed_in

STATEMENT = "Brackenfold: I never said I wanted to leave my job."
NOTE = "Client talked about leaving their job."


@pytest.fixture
def signed(therapist):
    client = make_client(therapist)
    note = services.note_create(actor=therapist, case_file=case_file_of(client), body=NOTE)
    note = services.note_sign(actor=therapist, note=note, expected_version=note.version)
    return client, note


def _post(browser, client, note, **values):
    url = reverse("addendum_new", args=[client.ref, note.ref])
    form_page = browser.get(reverse("note_detail", args=[client.ref, note.ref]))
    token = form_page.content.decode().split('name="form_token" value="')[1].split('"')[0]
    return browser.post(url, {"form_token": token, **values})


def test_the_statement_is_attached_shown_with_the_note_and_kept_encrypted(therapist, signed):
    client, note = signed
    browser = signed_in(therapist)
    response = _post(browser, client, note, kind="client_statement", body=STATEMENT)
    assert response.status_code == 302

    statement = Addendum.objects.get(note=note)
    assert statement.is_client_statement
    assert statement.get_body() == STATEMENT
    assert "Brackenfold" not in statement.body  # ciphertext at rest
    event = AuditEvent.objects.filter(action="records.client_statement_added").get()
    assert "Brackenfold" not in str(event.details)

    for url in (
        reverse("note_detail", args=[client.ref, note.ref]),
        reverse("client_detail", args=[client.ref]),
    ):
        page = browser.get(url).content.decode()
        assert "The client says this note is inaccurate." in page, url
        assert "Brackenfold" in page, url
        assert NOTE in page, url


def test_the_note_page_offers_both_without_two_controls_sharing_an_id(therapist, signed):
    client, note = signed
    page = signed_in(therapist).get(reverse("note_detail", args=[client.ref, note.ref]))
    html = page.content.decode()
    assert html.count('id="id_body"') == 1 and html.count('id="id_statement_body"') == 1
    assert "Attach the client&#x27;s statement" in html or "Attach the client's statement" in html


@pytest.mark.parametrize(
    "values, message",
    [
        ({"kind": "client_statement", "body": "   "}, "not added"),
        ({"kind": "opinion", "body": STATEMENT}, "Choose what is being added."),
    ],
)
def test_bad_input_is_explained_and_adds_nothing(therapist, signed, values, message):
    client, note = signed
    browser = signed_in(therapist)
    response = _post(browser, client, note, **values)
    assert response.status_code == 302
    page = browser.get(response.url).content.decode()
    assert message in page
    assert not Addendum.objects.exists()


def test_a_draft_takes_no_statement_and_another_therapist_none_at_all(
    therapist, therapist2, signed
):
    client, note = signed
    draft = services.note_create(actor=therapist, case_file=case_file_of(client), body="Draft")
    with pytest.raises(ValidationError):
        services.addendum_add(actor=therapist, note=draft, body=STATEMENT, kind="client_statement")
    response = signed_in(therapist2).post(
        reverse("addendum_new", args=[client.ref, note.ref]),
        {"kind": "client_statement", "body": STATEMENT},
    )
    assert response.status_code in (403, 404)
    assert not Addendum.objects.exists()


def test_a_later_subject_access_answer_gives_the_statement_under_its_note(therapist, signed):
    client, note = signed
    services.addendum_add(actor=therapist, note=note, body=STATEMENT, kind="client_statement")
    sar = SimpleNamespace(
        record_ref=note.case_file.record_ref,
        reference="SAR-TESTTEST",
        received_on=date.today(),
        clock_start=None,
        due_on=None,
        get_requester_display=lambda: "The client",
    )
    bundle = compiling.gather(sar, report=lambda *args: None).bundle
    notes = next(part for part in client_reading.parts(bundle) if part.key == "notes")
    (entry,) = [entry for entry in notes.entries if entry.children]
    (child,) = entry.children
    assert STATEMENT in child.text()
    assert "Your own statement that this note is inaccurate" in child.text()
