"""The letters the law asks a practice to send about a subject access request, each composed
from the request's own facts (its clock, what is awaited, the reasons recorded) in the one
letter shape of `practice/letters.py`:

- acknowledgement, with the due date, or what the month still waits for;
- a request for identity or authority evidence (UK GDPR Art. 12(6); Art. 12A: the month
  begins when it arrives);
- a request for clarification, saying the clock is paused and why (Art. 12A; DPA 2018
  s.54(3C), (3D));
- an extension notice with the reasons, sent within the first month (Art. 12A; s.54(3B));
- a request for a reasonable fee for a manifestly unfounded or excessive request, with how
  it was worked out (Art. 12(5)(a); the month begins when it arrives);
- a refusal, with the reasons, the right to complain to the ICO and to seek a judicial remedy
  (Art. 12(4)); where naming the exemption would itself prejudice what it protects, only that
  an exemption applies (`EXEMPTION_NAMED_TO_PERSON`).

A partial refusal is the covering letter of the released answer (`subject_access/reading.py`),
which says what was withheld and states the same rights.

Pure: nothing here reads the clock's "today" or writes a row; `services/letters.py` keeps what
is sent.
"""

from __future__ import annotations

from datetime import date, timedelta

from practice import letters
from practice.letters import Letter, day_words
from practice.models import PracticeProfile
from subject_access.deadlines import FactKind
from subject_access.models import (
    EXEMPTION_NAMED_TO_PERSON,
    Exemption,
    ExtensionReason,
    LetterKind,
    Requester,
    SubjectAccessRequest,
)

# Letters an admin issues from the request's page; the others are made by the step they
# record (a clarification asked, an extension told, a refusal approved).
ISSUED_BY_HAND = (LetterKind.ACKNOWLEDGEMENT, LetterKind.EVIDENCE)

EVIDENCE_KINDS = {FactKind.IDENTITY, FactKind.AUTHORITY}

EXTENSION_WORDS = {
    ExtensionReason.COMPLEX: "your request is complex",
    ExtensionReason.NUMEROUS: "you have made a number of requests",
}

REFUSAL_WORDS = {
    Exemption.MANIFESTLY_UNFOUNDED: (
        "We consider your request to be manifestly unfounded or excessive, and the law allows "
        "us to refuse such a request (UK GDPR Article 12(5))."
    ),
    Exemption.THIRD_PARTY: (
        "The information is also about other people, and it would not be reasonable to give it "
        "to you without their agreement (Data Protection Act 2018, Schedule 2, Part 3)."
    ),
    Exemption.SERIOUS_HARM: (
        "The opinion of a health professional is that giving you this information would be "
        "likely to cause serious harm to the physical or mental health of you or someone else "
        "(Data Protection Act 2018, Schedule 3, Part 2)."
    ),
    Exemption.EXPECTATIONS: (
        "The information was given to us by the young person it is about, in the expectation "
        "that it would not be passed to the person asking (Data Protection Act 2018, "
        "Schedule 3, Part 2, paragraph 4)."
    ),
}

UNNAMED_EXEMPTION = (
    "We have relied on an exemption in the Data Protection Act 2018. We cannot say more about "
    "it, because doing so would itself undermine what the exemption protects."
)


def heading() -> letters.Heading:
    return letters.Heading.of_practice(PracticeProfile.load())


def client_name(sar: SubjectAccessRequest) -> str:
    from clients.models import Client

    client = Client.objects.filter(record_ref=sar.record_ref).first()
    return client.display_name if client else ""


def addressee(sar: SubjectAccessRequest) -> str:
    """Who the letters go to: the person who asked, or the young person answered instead."""
    if sar.requester == Requester.CLIENT or sar.answer_young_person:
        return client_name(sar)
    return sar.get_requester_name()


def _about(sar: SubjectAccessRequest) -> str:
    """'you' when the letter goes to the person the information is about."""
    if sar.requester == Requester.CLIENT or sar.answer_young_person:
        return "you"
    return client_name(sar) or "the person named in your request"


def _opening(sar: SubjectAccessRequest) -> str:
    return (
        f"Thank you for your request of {day_words(sar.received_on)} for a copy of the personal "
        f"information we hold about {_about(sar)} (a subject access request, under Article 15 "
        "of the UK GDPR)."
    )


def _facts(sar: SubjectAccessRequest, *extra: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (
        ("Our reference", sar.reference),
        ("Request received", day_words(sar.received_on)),
        *extra,
    )


def _letter(sar, kind, *, title, dated, paragraphs, facts=(), parts=(), notes=()) -> Letter:
    return Letter(
        kind_label=LetterKind(kind).label,
        title=title,
        dated=dated,
        heading=heading(),
        addressee=addressee(sar),
        reference=sar.reference,
        paragraphs=tuple(paragraphs),
        facts=_facts(sar, *facts),
        parts=tuple(parts),
        notes=tuple(notes),
    )


QUOTE_REFERENCE = "Please quote our reference {reference} if you write to us about this request."


def acknowledgement(sar: SubjectAccessRequest, *, dated: date) -> Letter:
    clock = sar.clock(as_of=dated)
    paragraphs = [_opening(sar) + " There is no charge."]
    facts = []
    if clock.awaiting:
        awaited = " and ".join(sar.awaited)
        paragraphs.append(
            f"Before we can begin, we need {awaited}. We are writing to you separately about "
            "what to send. The one month we have to answer begins on the day it reaches us "
            "(UK GDPR Article 12A)."
        )
    elif clock.paused:
        paragraphs.append(
            "We have asked you for more detail about what you are looking for. Until your reply "
            "reaches us, the time we have to answer is paused; we will tell you the date our "
            "answer is due once it arrives."
        )
    else:
        facts.append(("Answer due by", day_words(clock.due_on)))
        paragraphs.append(
            f"We will send our answer by {day_words(clock.due_on)}. The law gives us one month "
            f"from {day_words(clock.started_on)}. If the request turns out to be complex, we "
            "may need up to two further months; if so, we will write to tell you why by "
            f"{day_words(clock.extension_notice_by())}."
        )
    paragraphs.append(QUOTE_REFERENCE.format(reference=sar.reference))
    return _letter(
        sar,
        LetterKind.ACKNOWLEDGEMENT,
        title="We have received your request",
        dated=dated,
        paragraphs=paragraphs,
        facts=facts,
    )


def evidence_request(sar: SubjectAccessRequest, *, dated: date) -> Letter:
    awaiting = sar.clock(as_of=dated).awaiting
    paragraphs = [
        _opening(sar),
        "Because the information is personal and confidential, we must be sure who we are "
        "giving it to before we begin. Please send us:",
    ]
    needed = []
    if FactKind.IDENTITY in awaiting:
        needed.append(
            "Something that confirms who you are: for example a copy of a photo identity "
            "document, or a recent letter sent to the address we hold. We ask only for what "
            "we need to be sure, and we will not keep more than that."
        )
    if FactKind.AUTHORITY in awaiting:
        if sar.requester == Requester.PARENTAL:
            needed.append(
                f"Evidence that you have parental responsibility for {_about(sar)}: for example "
                "a birth certificate that names you, or a court order."
            )
        else:
            needed.append(
                f"Evidence that you may act for {_about(sar)}: their signed authority for this "
                "request, or a lasting power of attorney or court order that covers it."
            )
    paragraphs += needed
    paragraphs += [
        "The one month we have to answer begins on the day the last of this reaches us "
        "(UK GDPR Article 12A). Until then, we cannot send any information.",
        QUOTE_REFERENCE.format(reference=sar.reference),
    ]
    return _letter(
        sar,
        LetterKind.EVIDENCE,
        title="Before we can answer your request",
        dated=dated,
        paragraphs=paragraphs,
    )


def clarification(sar: SubjectAccessRequest, *, dated: date) -> Letter:
    """Written on the day the clarification is asked for (`dated`), with the reason kept."""
    asked = [e for e in sar.clock_events.all() if e.kind == FactKind.CLARIFICATION_ASKED][-1]
    clock = sar.clock(as_of=asked.on)
    used = (asked.on - clock.started_on).days - sum(days for pause, days in clock.pause_days[:-1])
    example = asked.on + timedelta(days=7)
    return _letter(
        sar,
        LetterKind.CLARIFICATION,
        title="Your request: could you tell us more?",
        dated=dated,
        facts=(("Time paused from", day_words(asked.on)),),
        paragraphs=[
            _opening(sar),
            "So that we can find the information you are asking for, we need a little more "
            f"detail. {asked.get_reason().strip()}",
            f"While we wait for your reply, the time we have to answer is paused: from "
            f"{day_words(asked.on)}, the days until your reply reaches us do not count "
            f"(UK GDPR Article 12A). The {used} day{'s' if used != 1 else ''} already passed "
            "still count.",
            f"For example, if your reply reaches us on {day_words(example)}, our answer will "
            f"be due by {day_words(clock.due_if_answered_on(example))}.",
            "You do not have to tell us more. If you would rather not, say so, and we will "
            "search for the information with what we already have.",
            QUOTE_REFERENCE.format(reference=sar.reference),
        ],
    )


def extension(sar: SubjectAccessRequest, *, dated: date) -> Letter:
    """Written on the day the person is told (`dated`), from the extension recorded."""
    told = sar.extensions()[-1]
    clock = sar.clock(as_of=dated)
    months = "one further month" if told.months == 1 else f"{told.months} further months"
    due = (
        f"Our answer is now due by {day_words(clock.due_on)}."
        if clock.due_on
        else "Our answer's new date depends on when your reply to our question reaches us; "
        "we will tell you it then."
    )
    return _letter(
        sar,
        LetterKind.EXTENSION,
        title="Your request: we need more time",
        dated=dated,
        facts=(("Answer now due by", day_words(clock.due_on)),) if clock.due_on else (),
        paragraphs=[
            _opening(sar),
            "We are sorry, but we need longer to answer it properly. The law allows us up to "
            f"two further months where {EXTENSION_WORDS[told.extension_reason]} (UK GDPR "
            f"Article 12A), and we are extending the time by {months}.",
            f"Why: {told.get_reason().strip()}",
            due,
            "We will send whatever we can before then.",
        ],
        parts=(("If you are unhappy with this", letters.complaint_rights(heading())),),
    )


def refusal(sar: SubjectAccessRequest, *, dated: date) -> Letter:
    """From the refusal proposed (and, once kept, approved by a second person)."""
    exemption = sar.refusal_exemption
    named = EXEMPTION_NAMED_TO_PERSON.get(exemption, False)
    paragraphs = [
        f"We are writing about your request of {day_words(sar.received_on)} for a copy of the "
        f"personal information we hold about {_about(sar)} (a subject access request, under "
        "Article 15 of the UK GDPR). We have decided not to provide it, and this letter "
        "explains why.",
    ]
    notes = []
    if named:
        paragraphs.append(REFUSAL_WORDS[exemption])
        if reasons := sar.get_refusal_reasons().strip():
            paragraphs.append(f"Our reasons: {reasons}")
    else:
        paragraphs.append(UNNAMED_EXEMPTION)
        notes.append(
            "The exemption and the reasons are not printed: naming them would prejudice what "
            "the exemption protects. They are kept with the request."
        )
    return _letter(
        sar,
        LetterKind.REFUSAL,
        title="Your request: our decision",
        dated=dated,
        paragraphs=paragraphs,
        parts=(("What you can do", letters.complaint_rights(heading())),),
        notes=notes,
    )


def fee_request(sar: SubjectAccessRequest, *, dated: date) -> Letter:
    """Written on the day the fee is asked for, from the amount and its basis recorded."""
    pounds = f"£{sar.fee_pence // 100:,}.{sar.fee_pence % 100:02d}"
    return _letter(
        sar,
        LetterKind.FEE,
        title="Your request: a fee before we answer",
        dated=dated,
        facts=(("Fee", pounds),),
        paragraphs=[
            _opening(sar),
            "We consider this request to be manifestly unfounded or excessive. In that case "
            "the law allows us either to refuse it or to charge a reasonable fee, based on "
            "our administrative costs, before we answer (UK GDPR Article 12(5)). We would "
            f"rather answer it, so we are asking for a fee of {pounds}.",
            f"How we worked it out: {sar.get_fee_basis().strip()}",
            "The one month we have to answer begins on the day we receive the fee. You do not "
            "have to pay it; if you do not, we will not answer this request. If you think we "
            "are wrong to treat your request in this way, please tell us.",
            QUOTE_REFERENCE.format(reference=sar.reference),
        ],
        parts=(("If you are unhappy with this", letters.complaint_rights(heading())),),
    )


COMPOSERS = {
    LetterKind.ACKNOWLEDGEMENT: acknowledgement,
    LetterKind.EVIDENCE: evidence_request,
    LetterKind.CLARIFICATION: clarification,
    LetterKind.EXTENSION: extension,
    LetterKind.REFUSAL: refusal,
    LetterKind.FEE: fee_request,
}


def compose(sar: SubjectAccessRequest, kind: str, *, dated: date) -> Letter:
    return COMPOSERS[kind](sar, dated=dated)


def may_issue_by_hand(sar: SubjectAccessRequest, kind: str) -> str | None:
    """Why this letter cannot be issued now, or None."""
    if kind not in ISSUED_BY_HAND:
        return "This letter is made by the step it records, not by hand."
    if sar.is_closed:
        return "This request is closed."
    if kind == LetterKind.EVIDENCE and not set(sar.clock().awaiting) & EVIDENCE_KINDS:
        return "Nothing is awaited: the identity and any authority needed are already in."
    return None
