"""The agreement and the privacy notice say honestly what a supervisor sees of a disclosure."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from contracting import selectors
from contracting.models import Agreement, Kind, Variant
from tests.contracting.builders import make_agreement

# What each audience's agreement says a supervisor reads when a disclosure is weighed.
CONTRACT_SENTENCES = {
    Variant.ADULT: (
        "What my supervisor reads is my account of the situation and my reasons, and any "
        "short passages of my notes that I copy in. I write these without your name, address, "
        "date of birth or other details that would identify you"
    ),
    Variant.YOUNG_PERSON: (
        "My supervisor reads what I write about what is happening and why, and any bits of my "
        "notes that I copy in. I leave out your name, where you live, your birthday"
    ),
    Variant.PARENTAL: (
        "I write these without Wilhelmina's name, address, date of birth or other details that "
        "would identify them"
    ),
}
NOT_SHOWN = {
    Variant.ADULT: "does not show my supervisor your name or your records",
    Variant.YOUNG_PERSON: "does not show my supervisor your name or your records",
    Variant.PARENTAL: "does not show my supervisor their name or their records",
}
NOTICE_SENTENCE = (
    "the supervisor reads the therapist's account of the situation and any passages of notes "
    "the therapist quotes in it"
)


def _pdf_text(agreement: Agreement, kind: str) -> str:
    document = agreement.documents.get(kind=kind)
    document.agreement = agreement
    reader = PdfReader(io.BytesIO(selectors.document_pdf(document)))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("variant", Variant.values)
def test_agreement_and_notice_say_what_the_supervisor_sees_of_a_disclosure(
    therapist, supervision, new_client, variant
):
    extra = {"competence_assessed": True} if variant == Variant.YOUNG_PERSON else {}
    agreement = make_agreement(therapist, new_client, variant=variant, real_pdf=True, **extra)

    contract = _pdf_text(agreement, Kind.CONTRACT)
    notice = _pdf_text(agreement, Kind.PRIVACY_NOTICE)

    assert CONTRACT_SENTENCES[variant] in contract
    assert NOT_SHOWN[variant] in contract
    assert NOTICE_SENTENCE in notice
    assert "does not show the supervisor your name" in notice
