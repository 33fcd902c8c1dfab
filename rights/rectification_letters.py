"""The rectification letters (UK GDPR Art. 16), in the one letter shape (`practice.letters`)
and from the same pieces as the subject access letters: the acknowledgement with the day
the answer is due, the extension with its reasons and new date (Art. 12(3)), and the
outcome (what was corrected, or why the note stands and that the client's own statement is
now kept with it), with the right to complain to the ICO and to a court. No letter says
what kind of service the practice gives: the practice's name only.

Pure: the service passes the day and keeps the PDF."""

from __future__ import annotations

from datetime import date

from clients.models import Client
from practice import letters
from practice.letters import Heading, Letter, day_words
from practice.models import PracticeProfile
from rights.models import (
    ErasureGround,
    ErasureRequest,
    ObjectionDecision,
    ObjectionGround,
    ObjectionRequest,
    RectificationLetterKind,
    RectificationRequest,
    RectificationResponse,
)

QUOTE_REFERENCE = "Please quote our reference {reference} if you write to us about this request."


def heading() -> Heading:
    return Heading.of_practice(PracticeProfile.load())


def client_name(rectification: RectificationRequest) -> str:
    client = Client.objects.filter(record_ref=rectification.record_ref).first()
    return client.display_name if client else ""


def _opening(rectification) -> str:
    if isinstance(rectification, ErasureRequest):
        return (
            f"Thank you for your request of {day_words(rectification.received_on)} that we "
            "erase the personal information we hold about you (the right to erasure, under "
            "Article 17 of the UK GDPR)."
        )
    if isinstance(rectification, ObjectionRequest):
        return (
            f"Thank you for your objection of {day_words(rectification.received_on)} to how we "
            "use personal information about you (the right to object, under Article 21 of the "
            "UK GDPR)."
        )
    return (
        f"Thank you for your request of {day_words(rectification.received_on)} that we correct "
        "personal information we hold about you (the right to rectification, under Article 16 "
        "of the UK GDPR)."
    )


def _letter(rectification, kind, *, title, dated, paragraphs, facts=(), parts=()) -> Letter:
    return Letter(
        kind_label=RectificationLetterKind(kind).label,
        title=title,
        dated=dated,
        heading=heading(),
        addressee=client_name(rectification),
        reference=rectification.reference,
        facts=(
            ("Our reference", rectification.reference),
            ("Request received", day_words(rectification.received_on)),
            *facts,
        ),
        paragraphs=tuple(paragraphs),
        parts=tuple(parts),
    )


def acknowledgement(rectification, *, dated: date) -> Letter:
    clock = rectification.clock(as_of=dated)
    return _letter(
        rectification,
        RectificationLetterKind.ACKNOWLEDGEMENT,
        title="We have received your request",
        dated=dated,
        facts=(("Answer due by", day_words(clock.due_on)),),
        paragraphs=(
            _opening(rectification),
            "The law asks us to answer within one month of receiving it (UK GDPR Article "
            f"12(3)): for your request, by {day_words(clock.due_on)}.",
            QUOTE_REFERENCE.format(reference=rectification.reference),
        ),
        parts=(
            (
                "What happens next",
                (
                    "We will consider your objection and write to you with our decision: "
                    "either we stop using your information in the way you object to, or we "
                    "tell you the grounds on which we must continue.",
                )
                if isinstance(rectification, ObjectionRequest)
                else (
                    "We will consider your request and write to you with our decision: either "
                    "we erase your information, or we tell you the reason the law gives us to "
                    "keep it.",
                )
                if isinstance(rectification, ErasureRequest)
                else (
                    "The person who wrote the record will look at what you have asked us to "
                    "correct. Where they agree it is inaccurate, we will correct it; where they "
                    "do not, we will tell you why and keep your own statement with the record.",
                ),
            ),
        ),
    )


def extension(rectification, *, dated: date) -> Letter:
    clock = rectification.clock(as_of=dated)
    months = (
        "one further month"
        if rectification.extension_months == 1
        else f"{rectification.extension_months} further months"
    )
    return _letter(
        rectification,
        RectificationLetterKind.EXTENSION,
        title="Your request: we need more time",
        dated=dated,
        facts=(("Answer now due by", day_words(clock.due_on)),),
        paragraphs=(
            _opening(rectification),
            "We are sorry, but we need longer to answer it properly. The law allows us up to "
            "two further months where a request is complex or we have received a number of "
            f"requests (UK GDPR Article 12(3)), and we are extending the time by {months}.",
            f"Why: {rectification.get_extension_reasons().strip()}",
            f"Our answer is now due by {day_words(clock.due_on)}.",
        ),
        parts=(("If you are unhappy with this", letters.complaint_rights(heading())),),
    )


def outcome(rectification: RectificationRequest, *, dated: date) -> Letter:
    reasons = tuple(
        part.strip() for part in rectification.get_response_reasons().split("\n\n") if part.strip()
    )
    if rectification.response == RectificationResponse.AGREED:
        title = "Your request: we have corrected the record"
        what = (
            "We agree that the record was inaccurate and have corrected it. A signed record is "
            "never rewritten: the correction is added to it, dated, and shown with it wherever "
            "it is shown, including in any copy of your information you ask for later.",
            *reasons,
        )
        heading_words = "What we have corrected"
    else:
        title = "Your request: the outcome"
        what = (
            "We have carefully considered what you asked. The record is the professional "
            "opinion of the person who wrote it, made at the time, and a professional opinion "
            "is not inaccurate because you disagree with it, so we have not changed it.",
            *reasons,
            "We have attached your own statement to the record, in your words. It is shown "
            "with the record wherever the record is shown, including in any copy of your "
            "information you ask for later.",
        )
        heading_words = "What we decided and why"
    return _letter(
        rectification,
        RectificationLetterKind.OUTCOME,
        title=title,
        dated=dated,
        paragraphs=(_opening(rectification),),
        parts=(
            (heading_words, what),
            ("If you are not satisfied", letters.complaint_rights(heading())),
        ),
    )


COMPOSERS = {
    RectificationLetterKind.ACKNOWLEDGEMENT: acknowledgement,
    RectificationLetterKind.EXTENSION: extension,
    RectificationLetterKind.OUTCOME: outcome,
}


GROUND_WORDS = {
    ObjectionGround.COMPELLING: "we have compelling legitimate grounds for it which override "
    "your interests, rights and freedoms",
    ObjectionGround.LEGAL_CLAIMS: "we need it for the establishment, exercise or defence of "
    "legal claims",
}


def objection_outcome(objection: ObjectionRequest, *, dated: date) -> Letter:
    """The decision on an objection (Art. 21(1)): upheld (what stops) or refused (the
    compelling legitimate grounds or the legal claims), with the right to complain."""
    reasons = tuple(
        part.strip() for part in objection.get_decision_reasons().split("\n\n") if part.strip()
    )
    if objection.decision == ObjectionDecision.UPHELD:
        title = "Your objection: we have stopped"
        what = (
            "We agree, and we have stopped using your information in the way you objected to.",
            *reasons,
        )
        words = "What stops"
    else:
        title = "Your objection: our decision"
        what = (
            "We have carefully considered your objection. The law allows us to continue where "
            f"{GROUND_WORDS[objection.ground]} (UK GDPR Article 21(1)), and that is the case "
            "here.",
            *reasons,
        )
        words = "What we decided and why"
    return _letter(
        objection,
        RectificationLetterKind.OUTCOME,
        title=title,
        dated=dated,
        paragraphs=(_opening(objection),),
        parts=((words, what), ("If you are not satisfied", letters.complaint_rights(heading()))),
    )


ERASURE_GROUND_WORDS = {
    ErasureGround.LEGAL_OBLIGATION: "we are under a legal obligation to keep these records "
    "(UK GDPR Article 17(3)(b))",
    ErasureGround.LEGAL_CLAIMS: "we need the records for the establishment, exercise or defence "
    "of legal claims (UK GDPR Article 17(3)(e))",
    ErasureGround.LEGAL_HOLD: "the records are under a legal hold, so they must be kept while "
    "it is in force (UK GDPR Article 17(3)(b) and (e))",
    ErasureGround.RETENTION_AGREED: "the records are still within the time we keep them for, "
    "which you agreed to in your contract with us, and we need them for that time to meet our "
    "professional and legal duties (UK GDPR Article 17(3)(b))",
}


def erasure_outcome(erasure: ErasureRequest, *, dated: date) -> Letter:
    """The decision on an erasure request: granted (the information will be erased, and
    this letter is the last thing made from it), or refused with the ground of Art. 17(3),
    with the right to complain to the ICO and to a court (Art. 12(4))."""
    reasons = tuple(
        part.strip() for part in erasure.get_decision_reasons().split("\n\n") if part.strip()
    )
    if erasure.ground:
        title = "Your request for erasure: our decision"
        what = (
            "We have carefully considered your request. The law allows us to keep information "
            f"where {ERASURE_GROUND_WORDS[erasure.ground]}, and that is the case here, so we "
            "have not erased it.",
            *reasons,
        )
        words = "What we decided and why"
    else:
        title = "Your request for erasure: we are erasing your information"
        what = (
            "We agree, and we are erasing the personal information we hold about you: your "
            "record, your contact details and everything kept with them. Once it is done we "
            "keep only our reference for your request and the dates, so that we can show we "
            "answered it, and nothing that names you.",
            *reasons,
            "Because your information will be gone, we will not be able to send you a copy of "
            "it later; if you would like one first, please tell us straight away.",
        )
        words = "What happens now"
    return _letter(
        erasure,
        RectificationLetterKind.OUTCOME,
        title=title,
        dated=dated,
        paragraphs=(_opening(erasure),),
        parts=((words, what), ("If you are not satisfied", letters.complaint_rights(heading()))),
    )
