"""The restriction letters (UK GDPR Art. 18), in the one letter shape (`practice.letters`)
and from the same pieces as the other rights letters: the acknowledgement with the day the
answer is due, the extension with its reasons and new date (Art. 12(3)), the letter saying
the restriction is in force and what that means, and the notice the client is given before
it is lifted (Art. 18(3)); each that answers states the right to complain to the ICO. No
letter says what kind of service the practice gives: the practice's name only.

Pure: the service passes the day and keeps the PDF."""

from __future__ import annotations

from datetime import date

from practice import letters
from practice.letters import Letter, day_words
from rights.models import RestrictionLetterKind, RestrictionRequest
from rights.rectification_letters import QUOTE_REFERENCE, client_name, heading

# The grounds as the client reads them, addressed to them (Art. 18(1)(a)-(d)).
GROUND_WORDS = {
    "accuracy": "you told us that information we hold about you is not accurate, and we are "
    "checking it (Article 18(1)(a))",
    "unlawful": "you asked us to keep your information but not use it, rather than erase it "
    "(Article 18(1)(b))",
    "legal_claims": "you need us to keep your information for a legal claim (Article 18(1)(c))",
    "objection": "you have objected to how we use your information, and we are deciding your "
    "objection (Article 18(1)(d))",
}


def _opening(restriction: RestrictionRequest) -> str:
    return (
        f"Thank you for your request of {day_words(restriction.received_on)} that we restrict "
        "how we use personal information we hold about you (the right to restriction of "
        "processing, under Article 18 of the UK GDPR)."
    )


def _letter(restriction, kind, *, title, dated, paragraphs, facts=(), parts=()) -> Letter:
    return Letter(
        kind_label=RestrictionLetterKind(kind).label,
        title=title,
        dated=dated,
        heading=heading(),
        addressee=client_name(restriction),
        reference=restriction.reference,
        facts=(
            ("Our reference", restriction.reference),
            ("Request received", day_words(restriction.received_on)),
            *facts,
        ),
        paragraphs=tuple(paragraphs),
        parts=tuple(parts),
    )


def acknowledgement(restriction: RestrictionRequest, *, dated: date) -> Letter:
    clock = restriction.clock(as_of=dated)
    return _letter(
        restriction,
        RestrictionLetterKind.ACKNOWLEDGEMENT,
        title="We have received your request",
        dated=dated,
        facts=(("Answer due by", day_words(clock.due_on)),),
        paragraphs=(
            _opening(restriction),
            "The law asks us to answer within one month of receiving it (UK GDPR Article "
            f"12(3)): for your request, by {day_words(clock.due_on)}.",
            QUOTE_REFERENCE.format(reference=restriction.reference),
        ),
        parts=(
            (
                "What happens next",
                (
                    "We will look at your request and write to you again. While your "
                    "information is restricted, we keep it safely but do not add to it, change "
                    "it or use it, except as the law allows.",
                ),
            ),
        ),
    )


def extension(restriction: RestrictionRequest, *, dated: date) -> Letter:
    clock = restriction.clock(as_of=dated)
    months = (
        "one further month"
        if restriction.extension_months == 1
        else f"{restriction.extension_months} further months"
    )
    return _letter(
        restriction,
        RestrictionLetterKind.EXTENSION,
        title="Your request: we need more time",
        dated=dated,
        facts=(("Answer now due by", day_words(clock.due_on)),),
        paragraphs=(
            _opening(restriction),
            "We are sorry, but we need longer to answer it properly. The law allows us up to "
            "two further months where a request is complex or we have received a number of "
            f"requests (UK GDPR Article 12(3)), and we are extending the time by {months}.",
            f"Why: {restriction.get_extension_reasons().strip()}",
            f"Our answer is now due by {day_words(clock.due_on)}.",
        ),
        parts=(("If you are unhappy with this", letters.complaint_rights(heading())),),
    )


def outcome(restriction: RestrictionRequest, *, dated: date) -> Letter:
    """The restriction is in force: what that means, and what may still happen (Art. 18(2))."""
    return _letter(
        restriction,
        RestrictionLetterKind.OUTCOME,
        title="Your request: we have restricted the use of your information",
        dated=dated,
        facts=(("Restricted from", day_words(restriction.applied_on)),),
        paragraphs=(
            _opening(restriction),
            f"We have done as you asked, because {GROUND_WORDS[restriction.ground]}. From "
            f"{day_words(restriction.applied_on)} we keep your records safely, but nothing is "
            "added to them or changed, and they are not otherwise used.",
        ),
        parts=(
            (
                "What may still happen",
                (
                    "The law allows restricted information to be used only with your consent, "
                    "for legal claims, to protect another person's rights, or for reasons of "
                    "important public interest (UK GDPR Article 18(2)). We can still read your "
                    "records to answer a request from you for a copy of your information.",
                    "We will write to you before we lift the restriction (Article 18(3)).",
                ),
            ),
            ("If you are not satisfied", letters.complaint_rights(heading())),
        ),
    )


def notice(restriction: RestrictionRequest, *, dated: date) -> Letter:
    """The notice before lifting (Art. 18(3)): the client is told first, and why."""
    reasons = tuple(
        part.strip() for part in restriction.get_lift_reasons().split("\n\n") if part.strip()
    )
    return _letter(
        restriction,
        RestrictionLetterKind.NOTICE,
        title="We are going to lift the restriction",
        dated=dated,
        facts=(("Restricted since", day_words(restriction.applied_on)),),
        paragraphs=(
            f"Since {day_words(restriction.applied_on)} we have restricted how we use your "
            f"information, because {GROUND_WORDS[restriction.ground]}.",
            "The law asks us to tell you before we lift a restriction (UK GDPR Article 18(3)), "
            "and this letter is that notice. Once it is lifted, your records are used again "
            "as they were before, as our privacy notice describes.",
            QUOTE_REFERENCE.format(reference=restriction.reference),
        ),
        parts=(
            ("Why we are lifting it", reasons),
            ("If you are not satisfied", letters.complaint_rights(heading())),
        ),
    )


COMPOSERS = {
    RestrictionLetterKind.ACKNOWLEDGEMENT: acknowledgement,
    RestrictionLetterKind.EXTENSION: extension,
    RestrictionLetterKind.OUTCOME: outcome,
    RestrictionLetterKind.NOTICE: notice,
}
