"""The one rule's coverage: every data-map model that could carry a disclosure request's
data says how it reaches the request, and a model that forgets is refused."""

from __future__ import annotations

import pytest

from disclosures.models import DisclosureRequest, QuotedPassage, RequestEvent
from practice import client_facing, datamap
from records.models import Note


@pytest.fixture
def put_back():
    """Registrations changed by a test are restored afterwards."""
    saved = dict(datamap._registry)
    yield
    datamap._registry.clear()
    datamap._registry.update(saved)


def test_every_registered_model_answers_the_rule():
    assert client_facing.coverage_problems(datamap.registered()) == []
    assert DisclosureRequest in client_facing.unit_models()


def test_a_model_reaching_a_disclosure_request_without_an_answer_is_refused(put_back):
    datamap.register(
        QuotedPassage,
        reaches_client_by="request__case_file",
        category="disclosures",
        withheld_with=None,
    )
    (problem,) = client_facing.coverage_problems(datamap.registered())
    assert "disclosures.QuotedPassage reaches a withholding unit" in problem


def test_the_unit_itself_without_an_answer_is_refused(put_back):
    datamap.register(
        DisclosureRequest, reaches_client_by="case_file", category="disclosures", withheld_with=None
    )
    assert client_facing.coverage_problems(datamap.registered())


@pytest.mark.parametrize(
    ("model", "path", "problem"),
    [
        (RequestEvent, "request__nothing", "does not have"),
        (RequestEvent, "request__status", "does not end at a withholding unit's ref"),
        (RequestEvent, "action__x", "goes past the column"),
    ],
)
def test_an_answer_that_does_not_lead_to_a_units_reference_is_refused(
    put_back, model, path, problem
):
    datamap.register(
        model, reaches_client_by="request__case_file", category="disclosures", withheld_with=path
    )
    (found,) = client_facing.coverage_problems(datamap.registered())
    assert problem in found


def test_a_model_with_no_path_to_a_unit_may_say_none():
    entry = datamap.entry_for(Note)
    assert entry.withheld_with is None
    assert client_facing.coverage_problems([entry]) == []


def test_the_system_check_reports_a_forgotten_model(put_back):
    from practice.checks import check_client_facing_rule

    assert check_client_facing_rule(None) == []
    datamap.register(
        RequestEvent, reaches_client_by="request__case_file", category="x", withheld_with=None
    )
    (error,) = check_client_facing_rule(None)
    assert error.id == "practice.E010"


@pytest.mark.parametrize(
    ("reason", "says"),
    [
        ("tipping_off", False),
        ("investigation", False),
        ("crime", False),
        ("risk", False),
        ("serious_harm", False),
        ("undecided", False),
        ("third_party", True),
        ("unknown-reason", False),
    ],
)
def test_what_an_answer_may_say_for_each_reason(reason, says):
    assert (client_facing.statement_for(reason) is not None) is says
