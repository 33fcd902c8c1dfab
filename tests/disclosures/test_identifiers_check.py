"""Before a request reaches the supervisor, the therapist is warned where it names the client."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from disclosures.audit_actions import Action
from disclosures.identifiers import IdentifiersFound, identifier_matches, step_text_fields
from disclosures.models import DisclosureRequest, Status
from disclosures.services import decisions, drafting
from practice.fields import EncryptedTextField
from practice.models import AuditEvent
from records import services as record_services
from tests.conftest import case_file_of, make_client, signed_in
from tests.disclosures.builders import drafted, step_values

SURNAME = "Vandersloot"
POSTCODE = "YO31 9QZ"
BIRTH = date(1987, 11, 23)


@pytest.fixture
def named_client(therapist):
    return make_client(
        therapist,
        given_name="Philippa",
        family_name=SURNAME,
        address=f"7 Quillfeather Lane\nYork\n{POSTCODE}",
        date_of_birth=BIRTH,
        phone="07700 900777",
        email="pv.marker@example.invalid",
    )


def _with_situation(therapist, client, situation: str, row=None) -> DisclosureRequest:
    row = row or drafted(therapist, client)
    values = {**step_values()["situation"], "situation": situation}
    return drafting.request_step_save(
        actor=therapist, disclosure=row, step="situation", values=values
    )


def _trail_and_logs(caplog) -> str:
    trail = "\n".join(repr(row) for row in AuditEvent.objects.values_list())
    return trail + "\n" + caplog.text


def test_every_text_a_step_asks_for_is_checked():
    """A new encrypted text on the request must be on a step form, so it is checked."""
    checked = {field.key for field in step_text_fields()}
    texts = {
        field.name
        for field in DisclosureRequest._meta.get_fields()
        if isinstance(field, EncryptedTextField)
    }
    assert texts - {"caldicott"} <= checked
    assert {f"caldicott_{n}" for n in range(1, 9)} <= checked


def test_surname_and_postcode_warn_then_send_once_confirmed(
    therapist, supervisor, supervision, named_client, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    row = _with_situation(
        therapist,
        named_client,
        f"Ms {SURNAME.upper()} said her boy at {POSTCODE} is afraid (Wombleton).",
    )
    browser = signed_in(therapist)
    submit = reverse("disclosure_submit", kwargs={"ref": row.ref})

    page = browser.post(submit).content.decode()

    assert "This request may identify your client to your supervisor" in page
    start = page.index("identifiers-warning")
    warning = page[start : page.index("</form>", start)]
    assert "What is happening?" in warning  # the situation field, by its label
    assert "surname, postcode" in warning
    assert SURNAME not in warning and POSTCODE not in page and "Wombleton" not in page
    assert "I have checked: the supervisor needs this" in page
    assert "Go back and edit the request" in page
    assert reverse("disclosure_step", kwargs={"ref": row.ref, "step": "situation"}) in page
    row.refresh_from_db()
    assert row.status == Status.DRAFT

    # Sending without ticking the box is refused with an error summary; nothing is sent.
    page = browser.post(submit, {"checked_version": row.version}).content.decode()
    assert "There is a problem" in page and 'href="#id_confirm"' in page
    row.refresh_from_db()
    assert row.status == Status.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(submit, {"checked_version": row.version, "confirm": "on"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED

    warned = AuditEvent.objects.filter(action=Action.IDENTIFIERS_WARNED)
    assert warned.count() == 2
    assert warned.first().details["fields"] == ["situation"]
    assert warned.first().details["kinds"] == ["family_name", "postcode"]
    sent = AuditEvent.objects.get(action=Action.SUBMITTED)
    assert sent.details["identifiers_confirmed"] == ["situation"]
    everything = _trail_and_logs(caplog)
    for value in (SURNAME, "VANDERSLOOT", POSTCODE, "Philippa", "Quillfeather", "Wombleton"):
        assert value not in everything


def test_a_clean_request_is_sent_at_once(therapist, supervisor, supervision, named_client):
    row = drafted(therapist, named_client)
    browser = signed_in(therapist)
    response = browser.post(reverse("disclosure_submit", kwargs={"ref": row.ref}), follow=True)
    assert "Sent to your supervisor for review." in response.content.decode()
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED
    assert not AuditEvent.objects.filter(action=Action.IDENTIFIERS_WARNED).exists()
    assert "identifiers_confirmed" not in AuditEvent.objects.get(action=Action.SUBMITTED).details


def test_a_confirmation_for_an_earlier_version_does_not_send_a_changed_request(
    therapist, supervisor, supervision, named_client
):
    row = _with_situation(therapist, named_client, f"Born {BIRTH:%d/%m/%Y}.")
    checked = row.version
    row = _with_situation(therapist, named_client, f"Born {BIRTH:%d/%m/%Y}, {SURNAME}.", row)
    browser = signed_in(therapist)
    page = browser.post(
        reverse("disclosure_submit", kwargs={"ref": row.ref}),
        {"checked_version": checked, "confirm": "on"},
    ).content.decode()
    assert "The request changed after you checked it" in page
    row.refresh_from_db()
    assert row.status == Status.DRAFT


def test_quoted_passages_and_every_step_are_checked(
    therapist, supervisor, supervision, named_client
):
    case_file = case_file_of(named_client)
    note = record_services.note_create(
        actor=therapist, case_file=case_file, body="She rang from 07700900777 late at night."
    )
    note = record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    row = drafted(therapist, named_client)
    drafting.passage_quote(actor=therapist, disclosure=row, note=note, text="rang from 07700900777")
    values = {**step_values()["recipient"], "recipient_contact": "pv.MARKER@example.invalid"}
    row = drafting.request_step_save(
        actor=therapist, disclosure=row, step="recipient", values=values
    )
    matches = identifier_matches(row)
    assert [(m.field.key, m.kinds) for m in matches] == [
        ("recipient_contact", ("email",)),
        ("quote_1", ("phone",)),
    ]
    assert matches[1].field.label.startswith("Passage 1 quoted from the note of")

    with pytest.raises(IdentifiersFound) as warning:
        decisions.request_submit(actor=therapist, disclosure=row)
    assert isinstance(warning.value, ValidationError)
    row.refresh_from_db()
    assert row.status == Status.DRAFT
    decisions.request_submit(
        actor=therapist, disclosure=row, identifiers_checked_version=warning.value.version
    )
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED
