"""The one shape for a letter the practice sends about someone's information rights: the
practice's heading, the date, a box of key facts (the reference first), a title, the
paragraphs, headed parts (what you can do next), and the sign-off.

Each app composes its own letters (`subject_access/letters.py` for the statutory letters of a
subject access request) as a `Letter`; this module renders every one of them the same way, as
an HTML preview on a page (`letters/letter_body.html`, included) and as a PDF through the one
door for PDFs (`practice/documents.py`). The words a client's rights need in every letter
(complain to the practice, then the ICO, or a court) are here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils.formats import date_format

from practice import documents

STYLESHEET = Path(__file__).resolve().parent / "letter.css"

ICO = "the Information Commissioner's Office (ico.org.uk, telephone 0303 123 1113)"


@dataclass(frozen=True)
class Heading:
    """The practice, as it appears at the top and the foot of a letter."""

    name: str
    address: str = ""
    contact: str = ""  # the data-protection contact, or the practice's e-mail and phone
    ico_registration_number: str = ""

    @classmethod
    def of_practice(cls, profile) -> Heading:
        reach = profile.data_protection_contact.strip() or ", ".join(
            part for part in (profile.email, profile.phone) if part
        )
        return cls(
            name=profile.name.strip() or "The practice",
            address=profile.address.strip(),
            contact=reach,
            ico_registration_number=profile.ico_registration_number.strip(),
        )


@dataclass(frozen=True)
class Letter:
    kind_label: str  # what it is, for the page ("Acknowledgement")
    title: str
    dated: date
    heading: Heading
    addressee: str
    reference: str
    paragraphs: tuple[str, ...]
    facts: tuple[tuple[str, str], ...] = ()
    parts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (heading, paragraphs)
    signed: str = ""
    draft: bool = False
    notes: tuple[str, ...] = field(default=())  # for staff on the preview only, never printed

    @property
    def dated_words(self) -> str:
        return day_words(self.dated)

    @property
    def salutation(self) -> str:
        return f"Dear {self.addressee}," if self.addressee.strip() else "Dear Sir or Madam,"

    @property
    def signature(self) -> str:
        return self.signed or self.heading.name


def day_words(day: date | None) -> str:
    """A date as a letter writes it: 'Friday 4 December 2026'."""
    return date_format(day, "l j F Y") if day else ""


def complaint_rights(heading: Heading, *, court: bool = True) -> tuple[str, ...]:
    """What a person unhappy with how their request was handled can do, in every letter that
    answers or refuses a request: complain to the practice first (DPA 2018 s.164A), then to
    the ICO (UK GDPR Art. 77), and ask a court (Art. 79)."""
    contact = heading.contact or heading.name
    lines = [
        "If you are unhappy with how we have handled this, please tell us first, so that we "
        f"can try to put it right: write to {contact.rstrip('.')}.",
        f"You have the right to complain to {ICO}.",
    ]
    if court:
        lines.append(
            "You also have the right to ask a court to order us to comply with the law "
            "(a judicial remedy); you may wish to take legal advice before doing so."
        )
    return tuple(lines)


def pdf(letter: Letter) -> bytes:
    return documents.render_template(
        "letters/letter.html", {"letter": letter}, stylesheet=STYLESHEET
    )
