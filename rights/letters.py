"""The complaint letters, in the one letter shape (`practice.letters`): the acknowledgement
(s.164A(3)) and the outcome (s.164A(4)(b)), which states the right to complain to the ICO
(UK GDPR Art. 77) and to a court (Art. 79). No letter says what kind of service the practice
gives: the practice's name only."""

from __future__ import annotations

from datetime import date

from practice import letters
from practice.letters import Heading, Letter, day_words
from practice.models import PracticeProfile
from rights import deadlines


def _heading() -> Heading:
    return Heading.of_practice(PracticeProfile.load())


def acknowledgement(complaint, *, acknowledged_on: date) -> Letter:
    heading = _heading()
    due = deadlines.acknowledgement_due(complaint.received_on)
    return Letter(
        kind_label="Acknowledgement",
        title="We have received your complaint",
        dated=acknowledged_on,
        heading=heading,
        addressee=complaint.get_complainant_name(),
        reference=complaint.reference,
        facts=(
            ("Our reference", complaint.reference),
            ("Received", day_words(complaint.received_on)),
            ("To acknowledge by", day_words(due)),
        ),
        paragraphs=(
            f"Thank you for your complaint about how we handle personal information, which we "
            f"received on {day_words(complaint.received_on)}. This letter confirms that we have "
            "it. Please quote the reference above if you contact us about it.",
            "The law asks us to acknowledge a complaint within 30 days of receiving it "
            f"(Data Protection Act 2018, section 164A): for your complaint, by "
            f"{day_words(due)}.",
        ),
        parts=(
            (
                "What happens next",
                (
                    "We will look into what you have told us without undue delay, tell you how "
                    "it is going, and write to you with the outcome.",
                    "If you have anything to add, please get in touch: "
                    f"{heading.contact or heading.name}.",
                ),
            ),
        ),
    )


def outcome(complaint, *, outcome_text: str, closed_on: date) -> Letter:
    heading = _heading()
    paragraphs = tuple(line.strip() for line in outcome_text.split("\n\n") if line.strip())
    rights = letters.complaint_rights(heading)[1:]  # they have complained to us already
    return Letter(
        kind_label="Outcome",
        title="The outcome of your complaint",
        dated=closed_on,
        heading=heading,
        addressee=complaint.get_complainant_name(),
        reference=complaint.reference,
        facts=(
            ("Our reference", complaint.reference),
            ("Received", day_words(complaint.received_on)),
            ("Acknowledged", day_words(complaint.acknowledged_on)),
        ),
        paragraphs=(
            "We have finished looking into your complaint about how we handle personal "
            f"information, which we received on {day_words(complaint.received_on)}.",
        ),
        parts=(
            ("What we found and what we have done", paragraphs),
            ("If you are not satisfied", rights),
        ),
    )
