"""Hostile and random input at every disclosure form: a clear error or a clean save, never
a 500, and a refused submission changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from disclosures.models import DisclosureRecord, DisclosureRequest, QuotedPassage, RequestEvent
from tests.conftest import signed_in
from tests.disclosures.builders import at_state, drafted
from tests.test_hostile_input import FUZZ, HOSTILE

STEP_FIELDS = {
    "kind": ["kind", "statute_named", "authority_body", "authority_route", "authority_ground"],
    "situation": ["situation", "reason", "legal_basis"],
    "caldicott": ["met_1", "reason_1", "met_8", "reason_8"],
    "recipient": ["recipient_name", "recipient_role", "recipient_contact", "shared_text"],
    "consent": ["consent_status", "not_sought_reason", "capacity_impairment"],
    "advice": ["supervisor_discussed_on", "legal_advice_source", "advice_summary"],
    "reflection": ["consequences_client", "concern_first_raised_on"],
}
DISCLOSE = [
    "disclosed_on",
    "disclosed_time",
    "method",
    "recipient",
    "what_was_sent",
    "restricted",
    "restricted_reason",
    "restricted_review_on",
]


def _counts() -> tuple:
    return tuple(
        model.objects.count()
        for model in (DisclosureRequest, DisclosureRecord, RequestEvent, QuotedPassage)
    )


@pytest.fixture
def requests_world(therapist, supervisor, supervision, client_a):
    return {
        "draft": drafted(therapist, client_a),
        "approved": at_state("approved", therapist, supervisor, client_a),
        "submitted": at_state("submitted", therapist, supervisor, client_a),
        "therapist": signed_in(therapist),
        "supervisor": signed_in(supervisor),
    }


CASES = [
    *[("therapist", "disclosure_step", "draft", {"step": s}, f) for s, f in STEP_FIELDS.items()],
    ("therapist", "disclosure_disclose", "approved", {}, DISCLOSE),
    ("therapist", "disclosure_emergency", "draft", {}, [*DISCLOSE, "why_urgent"]),
    ("therapist", "disclosure_quotes", "draft", {}, ["note", "paragraph"]),
    ("therapist", "disclosure_withdraw", "draft", {}, ["reasons"]),
    ("supervisor", "disclosure_review", "submitted", {}, ["decision", "reasons"]),
]


@pytest.mark.parametrize(
    ("role", "name", "state", "extra", "fields"),
    CASES,
    ids=[f"{c[1]}-{c[3].get('step', '')}" for c in CASES],
)
def test_hostile_posts_never_break_a_disclosure_form(
    requests_world, role, name, state, extra, fields
):
    row = requests_world[state]
    url = reverse(name, kwargs={"ref": row.ref, **extra})
    browser = requests_world[role]

    @FUZZ
    @given(st.fixed_dictionaries({field: HOSTILE for field in fields}))
    def attack(data):
        before = _counts()
        status = DisclosureRequest.objects.get(pk=row.pk).status
        response = browser.post(url, data)
        assert response.status_code in (200, 302, 400, 404), response.status_code
        if response.status_code != 302:
            assert _counts() == before
            assert DisclosureRequest.objects.get(pk=row.pk).status == status

    attack()
