"""The supplementary information beside the copy (UK GDPR Art. 15(1), 15(2)): transfers
from the practice profile, the practice's own complaints route, and the right to go to court."""

from __future__ import annotations

from practice.models import NO_TRANSFERS, PracticeProfile
from subject_access import supplementary


def _by_key(profile: PracticeProfile) -> dict[str, str]:
    return {part["key"]: part["text"] for part in supplementary.sections(profile, categories=[])}


def test_transfers_are_the_practice_profiles_fact():
    abroad = "Our booking system keeps your details in Ireland (UK adequacy regulations)."
    assert _by_key(PracticeProfile(transfers_outside_uk=abroad))["transfers"] == abroad
    assert _by_key(PracticeProfile())["transfers"] == NO_TRANSFERS


def test_the_practices_own_complaints_route_sits_beside_the_ico():
    route = "Write to the practice manager at the address above."
    text = _by_key(PracticeProfile(complaints_route=route))["complaint"]
    assert "ico.org.uk" in text
    assert route in text
    assert "complain to us" not in _by_key(PracticeProfile())["complaint"]


def test_the_right_to_go_to_court_is_stated():
    text = _by_key(PracticeProfile())["court"]
    assert "go to court" in text
    assert "compensation" in text


def test_retention_uses_the_practices_own_childrens_rule():
    text = _by_key(PracticeProfile(retention_years_adult=8, retention_until_age_child=26))[
        "retention"
    ]
    assert "8 years" in text
    assert "26th birthday" in text
