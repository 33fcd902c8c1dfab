"""What the agreement says about working arrangements comes from the practice profile, so it
promises only what is true of this practice (issue 24, item 6): contact between sessions,
online sessions, recording, teaching and training, and the professional will."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from contracting import rendering
from contracting.defaults import DEFAULTS
from contracting.models import Agreement, Kind, Variant
from practice.models import AuditEvent, PracticeProfile
from tests.conftest import signed_in
from tests.contracting.builders import PRACTICE, complete_practice_profile

WILL = "Dr Ada Okafor, a colleague at Heronsgate, would write to you."
BETWEEN = "Text me on 07700 900123 to rearrange; I reply within a working day."
ONLINE = "We can meet by video on a service the practice pays for; find a private room."

# profile facts -> what every agreement must say, and what it must not
CASES = [
    (
        {},
        [
            "get in touch only to arrange, move or cancel a session",
            "Samaritans on 116 123",
            "take place in person; I do not offer sessions online",
            "I never record our sessions",
            "I never use material from our work in teaching or training",
        ],
        ["I record a session only if", "I may ask whether I can use material"],
    ),
    (
        {"between_sessions": BETWEEN, "online_sessions": ONLINE},
        [BETWEEN, ONLINE],
        ["get in touch only to arrange", "take place in person"],
    ),
    (
        {"sessions_recorded": True},
        ["I record a session only if you agree to it in writing beforehand", "say no"],
        ["I never record our sessions"],
    ),
    (
        {"training_use": True},
        ["left out, in teaching or training", "I will ask you first, each time"],
        ["I never use material from our work"],
    ),
]


def _words(body: str, profile: PracticeProfile) -> str:
    facts = rendering.facts_for(
        practice=profile,
        client_name="Wilhelmina Xylophonesmith",
        client_first_name="Wilhelmina",
        therapist_name="Alex Therapist",
        has_practice_supervisor=True,
        on=date(2026, 12, 3),
        competence_statement="I judged that you understand.",
    )
    html = rendering.body_html(body, facts)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("facts, says, never", CASES)
@pytest.mark.parametrize("variant", Variant.values)
def test_each_agreement_says_what_the_profile_says_and_nothing_else(facts, says, never, variant):
    profile = PracticeProfile(**{**PRACTICE, "professional_will": WILL, **facts})
    text = _words(DEFAULTS[(Kind.CONTRACT, variant)][1], profile)
    assert [phrase for phrase in says if phrase not in text] == []
    assert [phrase for phrase in never if phrase in text] == []
    assert WILL in text
    assert "[missing" not in text


@pytest.mark.parametrize("variant", Variant.values)
def test_every_privacy_notice_names_who_contacts_the_client_if_the_therapist_cannot(variant):
    profile = PracticeProfile(**{**PRACTICE, "professional_will": WILL})
    text = _words(DEFAULTS[(Kind.PRIVACY_NOTICE, variant)][1], profile)
    assert "If your therapist dies or suddenly cannot work" in text


def test_without_a_professional_will_no_agreement_is_given_to_a_client(therapist, new_client):
    complete_practice_profile(professional_will="")
    assert PracticeProfile.load().missing_details == [
        "who contacts clients if a therapist dies or cannot work"
    ]
    preview = reverse("contracting_preview", args=[new_client.ref, "contract"])
    page = signed_in(therapist).get(preview + "?variant=adult").content.decode()
    label = "arrangement for a therapist who dies or cannot work"
    assert f"[missing: {label} — ask the practice]" in page

    generate = reverse("contracting_generate", args=[new_client.ref])
    response = signed_in(therapist).post(generate, {"variant": "adult"})
    assert response.status_code == 400
    assert label in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_admin_records_the_arrangements_on_the_practice_profile(admin_user):
    browser = signed_in(admin_user)
    url = reverse("practice_profile")
    page = browser.get(url).content.decode()
    for field in ("professional_will", "between_sessions", "online_sessions"):
        assert f'id="id_{field}"' in page
    assert 'type="checkbox" name="sessions_recorded"' in page

    values = {
        **PRACTICE,
        "professional_body": "BACP",
        "professional_will": WILL,
        "sessions_recorded": "on",
    }
    response = browser.post(url, values)
    assert response.status_code == 302
    profile = PracticeProfile.load()
    assert profile.professional_will == WILL
    assert profile.sessions_recorded is True
    assert profile.training_use is False
    assert profile.missing_details == []
    event = AuditEvent.objects.filter(action="practice.updated").latest("pk")
    assert "professional_will" in event.details["fields"]
    assert WILL not in str(event.details)
