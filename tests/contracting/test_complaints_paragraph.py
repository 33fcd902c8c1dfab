"""The complaints paragraph of every contract reads as one paragraph: the practice's own
route follows the contract's first step instead of being pasted after a colon."""

from __future__ import annotations

import re
import subprocess

import pytest

from contracting import selectors, services
from contracting.models import Variant
from tests.contracting.builders import complete_practice_profile

ROUTE = (
    "Speak to your therapist first if you can. If that does not settle it,\n"
    "write to the practice manager at the address above; we reply within 14 days."
)


def _pdftotext(pdf: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("variant", "extra"),
    [
        (Variant.ADULT, {}),
        (Variant.YOUNG_PERSON, {"competence_assessed": True}),
        (Variant.PARENTAL, {}),
    ],
)
def test_the_complaints_paragraph_reads_as_one_paragraph(therapist, new_client, variant, extra):
    complete_practice_profile(
        complaints_route=ROUTE,
        data_protection_contact="The practice manager, dp@heronsgate.example",
    )
    agreement = services.agreement_generate(
        actor=therapist, client=new_client, variant=variant, **extra
    )
    contract = selectors.document_in(agreement, "contract")
    text = _pdftotext(selectors.document_pdf(contract))
    assert ": Speak" not in text and "me: " not in text
    assert "(The practice manager" not in text
    # The contract's first step, then the practice's route, as one run of sentences.
    assert re.search(
        r"please tell me if you feel able to\. The practice's complaints procedure is as "
        r"follows\. Speak to your therapist first if you can\. If that does not settle it, "
        r"write to the practice manager at the address above; we reply within 14 days\.",
        text,
    ), text
