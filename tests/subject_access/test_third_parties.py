"""Withholding information about another person records how the DPA 2018 Sch. 2 Part 3 test
was applied (para 16), and a professional named only in their role is not withheld (para 17)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practice.models import AuditEvent
from subject_access import release
from subject_access.models import Redaction
from tests.conftest import make_client, signed_in
from tests.subject_access.builders import (
    THIRD_PARTY_FORM,
    add_notes,
    compiled,
    third_party_test,
)

NEIGHBOUR = "Her neighbour Quentin Farthingale"
GP = "Dr Okonkwo, her GP"


@pytest.fixture
def in_review(admin_user, therapist):
    client = make_client(therapist)
    add_notes(therapist, client, f"{NEIGHBOUR} told her about his own illness. {GP}, wrote.")
    sar = compiled(admin_user, client)
    bundle = release.sar_draft_open(actor=therapist, sar=sar)
    note = next(
        item
        for section in bundle["sections"]
        if section["key"] == "notes"
        for item in section["items"]
    )
    return sar, note["key"]


def _withhold(therapist, sar, key, passage=NEIGHBOUR, **test):
    return release.sar_redact(
        actor=therapist,
        sar=sar,
        item_key=key,
        field_name="body",
        passage=passage,
        reason="third_party",
        third_party=third_party_test(**test) if test != {"none": True} else None,
    )


@pytest.mark.parametrize(
    ("test", "field", "message"),
    [
        ({"none": True}, "third_party_consent", "consent was sought"),
        ({"consent": ""}, "third_party_consent", "consent was sought"),
        ({"consent": "given"}, "third_party_consent", "they agreed to it being shared"),
        ({"consent_not_sought_why": " "}, "consent_not_sought_why", "why their consent"),
        ({"confidence_owed": None}, "confidence_owed", "duty of confidence"),
        ({"why_reasonable": ""}, "why_reasonable", "why withholding it is reasonable"),
        ({"professional_role": True}, "professional_role", "paragraph 17"),
    ],
    ids=lambda v: str(v),
)
def test_a_third_party_redaction_without_the_test_is_refused_and_nothing_changes(
    test, field, message, in_review, therapist
):
    sar, key = in_review
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        _withhold(therapist, sar, key, **test)
    assert field in refused.value.message_dict
    assert message.casefold() in " ".join(refused.value.messages).casefold()
    assert not Redaction.objects.exists() and AuditEvent.objects.count() == before


def test_with_the_test_recorded_it_is_withheld_and_the_test_kept(in_review, therapist):
    sar, key = in_review
    redaction = _withhold(therapist, sar, key, consent="refused")
    redaction = Redaction.objects.get(pk=redaction.pk)
    assert redaction.third_party_consent == "refused" and redaction.confidence_owed is True
    assert redaction.get_why_reasonable().startswith("They told the client in confidence")
    event = AuditEvent.objects.get(action="sar.redacted")
    assert "confidence" not in json.dumps(event.details)  # the test's words stay out


def test_a_professional_in_their_role_is_not_withheld_and_stays_in_the_answer(in_review, therapist):
    sar, key = in_review
    with pytest.raises(ValidationError, match="paragraph 17"):
        _withhold(therapist, sar, key, passage=GP, professional_role=True)
    answer = json.dumps(release.sar_draft_open(actor=therapist, sar=sar))
    assert GP in answer


def test_the_test_shows_on_the_review_page_and_the_requests_page(in_review, therapist, admin_user):
    sar, key = in_review
    page = signed_in(therapist)
    missing = page.post(
        reverse("sar_redact", args=[sar.ref]),
        {"item_key": key, "field_name": "body", "passage": NEIGHBOUR, "reason": "third_party"},
    )
    assert missing.status_code == 400
    assert "Say whether the other person" in missing.content.decode()
    assert not Redaction.objects.exists()
    done = page.post(
        reverse("sar_redact", args=[sar.ref]),
        {
            "item_key": key,
            "field_name": "body",
            "passage": NEIGHBOUR,
            "reason": "third_party",
            **THIRD_PARTY_FORM,
        },
    )
    assert done.status_code == 302
    review = page.get(reverse("sar_review", args=[sar.ref])).content.decode()
    detail = signed_in(admin_user).get(reverse("sar_detail", args=[sar.ref])).content.decode()
    for body in (review, detail):
        assert "how the test was applied" in body
        assert "Not asked: Asking would tell them the client spoke of them." in body
        assert "A duty of confidence is owed to them" in body
        assert "They told the client in confidence, about their own health." in body
        assert NEIGHBOUR not in body.split("how the test was applied")[1].split("</section>")[0]
