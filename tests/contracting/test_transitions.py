"""The agreement's state machine: every (state, action) cell is allowed or refused, the
services obey the table, and the contracting page offers only what the table allows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contracting import services
from contracting.models import Agreement
from contracting.transitions import AGREEMENT, LINK_HOLDER
from practice.transitions import TransitionRefused
from tests.conftest import signed_in
from tests.contracting.builders import acknowledge_on_paper, make_agreement

CELLS = list(AGREEMENT.cells())
QUERIES_FOR_THE_PAGE = 15  # the same with or without actions to offer


def test_the_table_covers_every_state_and_action():
    assert {c.state for c in CELLS} == set(Agreement.Status.values)
    assert len(CELLS) == len(Agreement.Status.values) * len(AGREEMENT.actions)


@pytest.mark.parametrize("cell", CELLS, ids=lambda c: f"{c.state}-{c.action}")
def test_every_cell_is_a_row_or_refused(cell, therapist, therapist2, new_client):
    agreement = make_agreement(therapist, new_client)
    agreement.status = cell.state  # not saved: the table reads the object it is given
    agreement.consent_to_records = True
    actors = {"own therapist": therapist, "other therapist": therapist2, "link": LINK_HOLDER}
    for name, actor in actors.items():
        allowed = cell.target is not None and AGREEMENT.parties[cell.party](actor, agreement)
        if allowed:
            assert AGREEMENT.check(actor=actor, obj=agreement, action=cell.action) == cell.target
        else:
            with pytest.raises(TransitionRefused):
                AGREEMENT.check(actor=actor, obj=agreement, action=cell.action)
        assert (cell.action in AGREEMENT.actions_for(actor=actor, obj=agreement)) == allowed, name
    if cell.target is not None:
        expected = {"link_holder": {"link"}}.get(cell.party, {"own therapist"})
        assert {
            name
            for name, actor in actors.items()
            if AGREEMENT.allows(actor=actor, obj=agreement, action=cell.action)
        } == expected


def test_consent_withdrawal_needs_consent_that_stands(therapist, new_client):
    agreement = make_agreement(therapist, new_client)
    agreement.status = "acknowledged"
    agreement.consent_to_records = False
    assert not AGREEMENT.allows(actor=therapist, obj=agreement, action="withdraw_consent")
    agreement.consent_to_records = True
    agreement.consent_withdrawn_at = timezone.now()
    assert not AGREEMENT.allows(actor=therapist, obj=agreement, action="withdraw_consent")


def test_services_refuse_what_the_table_refuses(therapist, new_client):
    agreement = make_agreement(therapist, new_client)
    with pytest.raises(ValidationError, match="Only an acknowledged agreement"):
        services.agreement_consent_withdraw(actor=therapist, agreement=agreement)
    acknowledge_on_paper(therapist, agreement, consent=True)
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.agreement_send(actor=therapist, agreement=agreement)


@pytest.mark.parametrize(
    ("consent", "offered", "not_offered"),
    [
        (None, ["Send a signing link", "Record that it was signed on paper"], ["withdrew"]),
        (True, ["withdrew consent"], ["Send a signing link", "Record that it was signed on paper"]),
        (
            False,
            [],
            ["withdrew consent", "Send a signing link", "Record that it was signed on paper"],
        ),
    ],
)
def test_the_page_offers_what_the_table_allows(
    therapist, new_client, consent, offered, not_offered
):
    agreement = make_agreement(therapist, new_client)
    if consent is not None:
        acknowledge_on_paper(therapist, agreement, consent=consent)
    page = (
        signed_in(therapist)
        .get(reverse("contracting_client", kwargs={"ref": new_client.ref}))
        .content.decode()
    )
    for text in offered:
        assert text in page
    for text in not_offered:
        assert text not in page


def test_asking_the_table_adds_no_query_per_action(
    therapist, new_client, django_assert_max_num_queries
):
    agreement = make_agreement(therapist, new_client)
    acknowledge_on_paper(therapist, agreement, consent=True)
    browser = signed_in(therapist)
    url = reverse("contracting_client", kwargs={"ref": new_client.ref})
    browser.get(url)  # warm the session
    with django_assert_max_num_queries(QUERIES_FOR_THE_PAGE):
        assert browser.get(url).status_code == 200
