"""Wording that must not mislead (issue 24, item 5): the consent step's reason list, the
situation help for each kind, the decision help beside "Ask for changes", and a recipient
who is not named twice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disclosures.recipients import recipient_words
from disclosures.services import drafting
from tests.conftest import make_client, signed_in
from tests.disclosures.builders import at_state, drafted, step_values


def _step_page(therapist, row, step: str) -> str:
    response = signed_in(therapist).get(reverse("disclosure_step", args=[row.ref, step]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_consent_step_does_not_default_to_saying_consent_was_sought(therapist):
    row = drafted(therapist, make_client(therapist), only=())
    page = _step_page(therapist, row, "consent")
    assert "Consent was sought" not in page
    assert '<option value="" selected>Choose a reason</option>' in page
    assert "If you did not ask, why not?" in page


@pytest.mark.parametrize(
    ("kind", "says", "never"),
    [
        ("client_request", "What the client has asked you to share", "raised the concern"),
        ("court_order", "the order or the summons requires of you", "raised the concern"),
        ("authority_request", "Who is asking, what they ask for", "raised the concern"),
        ("child_protection", "The facts that raised the concern", "What the client has asked"),
    ],
)
def test_the_situation_help_fits_the_kind(therapist, kind, says, never):
    row = drafted(therapist, make_client(therapist), kind=kind, only=())
    page = _step_page(therapist, row, "situation")
    assert says in page
    assert never not in page


def test_the_decision_help_does_not_call_every_decision_final(therapist, supervisor, supervision):
    row = at_state("submitted", therapist, supervisor, make_client(therapist))
    page = signed_in(supervisor).get(reverse("disclosure_review", args=[row.ref]))
    html = page.content.decode()
    assert "Ask for changes before deciding" in html
    assert "A decision is final" not in html
    assert "asking for changes sends the request back to the therapist" in html


@pytest.mark.parametrize(
    ("parts", "reads"),
    [
        (
            ("Pat Recipient", "Duty social worker", "Testshire Council"),
            "Pat Recipient, Duty social worker, Testshire Council",
        ),
        (("Duty desk", "Duty desk", "Testshire Council"), "Duty desk, Testshire Council"),
        (("MASH", "Safeguarding lead", "mash"), "MASH, Safeguarding lead"),
        (("", "Duty officer", ""), "Duty officer"),
        (("  ", "", ""), ""),
    ],
)
def test_a_recipient_reads_each_part_once(parts, reads):
    assert recipient_words(*parts) == reads


def test_the_request_page_names_a_repeated_recipient_once(therapist):
    row = drafted(therapist, make_client(therapist))
    values = {
        **step_values()["recipient"],
        "recipient_name": "Duty Desk",
        "recipient_role": "duty desk",
        "recipient_organisation": "Testshire Council",
    }
    row = drafting.request_step_save(
        actor=therapist,
        disclosure=row,
        step="recipient",
        values=values,
        expected_version=row.version,
    )
    page = signed_in(therapist).get(reverse("disclosure_detail", args=[row.ref]))
    html = page.content.decode()
    assert "Duty Desk, Testshire Council" in html
    assert "duty desk" not in html
    assert "Duty Desk, duty desk, Testshire Council, 01632 960123" not in row.recipient_summary()
