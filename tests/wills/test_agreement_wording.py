"""The agreement and the privacy notice say a professional will exists, and what the
executor may see (issue 25, item 5)."""

import pytest

from contracting.defaults import DEFAULTS
from contracting.models import Kind, Variant
from practice.models import PracticeProfile
from tests.contracting.builders import PRACTICE
from tests.contracting.test_working_arrangements import _words

WILL = "Dr Ada Okafor, a colleague at Heronsgate, would write to you."


@pytest.mark.parametrize("variant", Variant.values)
def test_every_agreement_says_what_the_executor_sees_and_never_the_notes(variant):
    profile = PracticeProfile(**{**PRACTICE, "professional_will": WILL})
    text = _words(DEFAULTS[(Kind.CONTRACT, variant)][1], profile)
    assert WILL in text
    assert "GP and emergency contact" in text
    assert "never my notes" in text


@pytest.mark.parametrize("variant", Variant.values)
def test_every_privacy_notice_names_the_professional_will_and_its_limits(variant):
    profile = PracticeProfile(**{**PRACTICE, "professional_will": WILL})
    text = _words(DEFAULTS[(Kind.PRIVACY_NOTICE, variant)][1], profile)
    assert "professional will" in text
    assert "never session notes" in text
    assert "Every look they take is recorded" in text
