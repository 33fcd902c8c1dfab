"""The young person's agreement reads at a young person's level and keeps one voice: the
therapist, "I", talking to the young person, "you"."""

from __future__ import annotations

import re
from datetime import date

import pytest

from contracting import rendering
from contracting.defaults import DEFAULTS
from contracting.models import Kind, Variant
from practice.models import PracticeProfile
from tests.contracting.builders import PRACTICE

THERAPIST = "Alex Morgan"


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*", text)


def _syllables(word: str) -> int:
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def _plain_text(variant: str) -> str:
    on = date(2026, 11, 25)
    title, body = DEFAULTS[(Kind.CONTRACT, variant)]
    facts = rendering.facts_for(
        practice=PracticeProfile(**PRACTICE),
        client_name="Sam Young",
        client_first_name="Sam",
        therapist_name=THERAPIST,
        has_practice_supervisor=True,
        on=on,
        competence_statement=rendering.competence_statement(on=on),
    )
    html = str(rendering.body_html(body, facts))
    return re.sub(r"<[^>]+>", " ", html)


def _sentences(text: str) -> list[str]:
    # Headings and list items end without a full stop: treat each line as its own end.
    pieces = re.split(r"(?<=[.;:!?])\s+|\n", text)
    return [piece for piece in pieces if len(_words(piece)) >= 3]


def _flesch_reading_ease(text: str) -> float:
    words = _words(text)
    sentences = _sentences(text)
    syllables = sum(_syllables(word) for word in words)
    return 206.835 - 1.015 * len(words) / len(sentences) - 84.6 * syllables / len(words)


def test_the_young_persons_agreement_is_easier_to_read_than_the_adults():
    young = _plain_text(Variant.YOUNG_PERSON)
    adult = _plain_text(Variant.ADULT)
    assert _flesch_reading_ease(young) >= 65, _flesch_reading_ease(young)
    assert _flesch_reading_ease(young) > _flesch_reading_ease(adult) + 5


@pytest.mark.parametrize("jargon", ["proceeds", "comply", "legally required", "investigation"])
def test_the_young_persons_agreement_avoids_adult_jargon(jargon):
    assert jargon not in _plain_text(Variant.YOUNG_PERSON).lower()


def test_the_young_persons_agreement_keeps_one_voice():
    text = _plain_text(Variant.YOUNG_PERSON)
    # The therapist is "me" from the first line on: never named again, never "your therapist".
    assert text.count(THERAPIST) == 1
    assert "your therapist" not in text.lower()
    assert "they are 25" not in text  # the young person is "you", not "they"
    assert "until you are 25" in text
