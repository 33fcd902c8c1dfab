"""Each kind's help names the therapist's own basis for sharing, and never cites a duty that
falls on someone else as if it were theirs (issue 24, item 3)."""

from __future__ import annotations

import pytest

from disclosures import kinds

CASES = [
    ("terrorism", ["s.38B", "s.39"], ["s.21D"]),
    ("money_laundering", ["regulated sector", "s.338", "s.342"], ["s.333A makes"]),
    (
        "child_protection",
        [
            "Art. 6(1)(e) or (f)",
            "Art. 9(2)(g)",
            "Sch. 1 para 18",
            "public-interest test",
            "s.47 is the local authority's duty",
        ],
        ["(s.47 enquiries)"],
    ),
    (
        "adult_at_risk",
        ["Art. 9(2)(g)", "Sch. 1 para 18", "s.42 is the local authority's duty"],
        ["(safeguarding enquiries by the local authority)."],
    ),
    ("suicide_self_harm", ["Art. 9(2)(c) only when the client cannot give consent"], []),
    ("harm_to_others", ["Sch. 1 para 10"], ["Sch. 2 para 2 where"]),
    ("authority_request", ["production order", "does not require it"], ["PACE powers are"]),
    ("client_request", ["Art. 6(1)(a)", "Art. 9(2)(a)"], []),
]


@pytest.mark.parametrize(("code", "says", "never"), CASES)
def test_each_kind_names_the_basis_that_is_the_therapists(code, says, never):
    law = kinds.kind_for(code).law
    assert [phrase for phrase in says if phrase not in law] == []
    assert [phrase for phrase in never if phrase in law] == []


def test_every_kind_is_checked():
    assert {code for code, _, _ in CASES} | {"court_order", "statute_other"} == {
        code for code, _ in kinds.KINDS
    }
