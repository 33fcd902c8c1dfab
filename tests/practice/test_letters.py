"""The one letter shape: a PDF holding the practice's heading, the date, the reference, the
paragraphs and the rights every answering letter must state."""

import io
from datetime import date

from pypdf import PdfReader

from practice import letters


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


HEADING = letters.Heading(
    name="Hillside Counselling",
    address="1 High Street\nAnytown",
    contact="The data-protection lead, 1 High Street",
    ico_registration_number="ZA123456",
)


def test_a_letter_prints_its_parts():
    letter = letters.Letter(
        kind_label="Test",
        title="We have your request",
        dated=date(2026, 12, 4),
        heading=HEADING,
        addressee="Ms Example <b>",
        reference="SAR-ABCDEFGH",
        paragraphs=("First paragraph.",),
        facts=(("Our reference", "SAR-ABCDEFGH"),),
        parts=(("If you are unhappy", letters.complaint_rights(HEADING)),),
        notes=("STAFF-ONLY-NOTE",),
    )
    text = _text(letters.pdf(letter))
    for part in (
        "Hillside Counselling",
        "Friday 4 December 2026",
        "SAR-ABCDEFGH",
        "We have your request",
        "Dear Ms Example <b>,",
        "First paragraph.",
        "Information Commissioner",
        "0303 123 1113",
        "ask a court",
        "ICO registration ZA123456",
    ):
        assert part in text, part
    assert "STAFF-ONLY-NOTE" not in text


def test_a_letter_without_an_addressee_or_a_court():
    letter = letters.Letter(
        kind_label="Test",
        title="T",
        dated=date(2026, 1, 1),
        heading=letters.Heading(name=""),
        addressee="",
        reference="R",
        paragraphs=(),
    )
    assert letter.salutation == "Dear Sir or Madam,"
    assert letter.signature == ""  # the heading's empty name: Heading.of_practice fills it
    assert not any("court" in line for line in letters.complaint_rights(HEADING, court=False))
