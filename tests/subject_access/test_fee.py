"""A reasonable fee for a manifestly unfounded or excessive request (UK GDPR Art. 12(5)(a)),
instead of refusing it: asked within the first month with the evidence and how the amount
was worked out; the month begins only when the fee arrives (the ICO's right of access
guidance); the letter says so. Issue 22, item 6."""

from __future__ import annotations

import io
from datetime import UTC, date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from practice import documents
from practice.models import PracticeProfile
from subject_access import services
from subject_access.deadlines import Clock, Fact
from subject_access.deadlines import FactKind as K
from subject_access.models import LetterKind, SarLetter, Status, SubjectAccessRequest
from tests.conftest import make_client, signed_in
from tests.subject_access.builders import log_request, second_admin


@pytest.mark.parametrize(
    ("nation", "received", "asked", "paid", "started", "due"),
    [
        # The month runs from the day the fee arrives, not from the request.
        ("ENG", date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 20), date(2026, 3, 20),
         date(2026, 4, 20)),
        # Paid 1 December: 1 January is a bank holiday everywhere; Scotland's 2 January falls
        # on a Saturday in 2027, so its substitute day is Monday 4 January.
        ("ENG", date(2026, 11, 20), date(2026, 11, 25), date(2026, 12, 1), date(2026, 12, 1),
         date(2027, 1, 4)),
        ("NIR", date(2026, 11, 20), date(2026, 11, 25), date(2026, 12, 1), date(2026, 12, 1),
         date(2027, 1, 4)),
        ("SCT", date(2026, 11, 20), date(2026, 11, 25), date(2026, 12, 1), date(2026, 12, 1),
         date(2027, 1, 5)),
        # Asked for and not yet paid: no month has begun, so nothing is due.
        ("ENG", date(2026, 3, 2), date(2026, 3, 6), None, None, None),
    ],
)  # fmt: skip
def test_the_month_begins_when_the_fee_arrives(nation, received, asked, paid, started, due):
    facts = [Fact(K.RECEIVED, received), Fact(K.IDENTITY, received), Fact(K.FEE_ASKED, asked)]
    if paid:
        facts.append(Fact(K.FEE_RECEIVED, paid))
    clock = Clock.read(facts, nation=nation, as_of=date(2026, 12, 4))
    assert clock.started_on == started
    assert clock.due_on == due
    assert clock.awaiting == (() if paid else (K.FEE_RECEIVED,))


TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(timezone.datetime(2026, 3, 10, 11, 0, tzinfo=UTC)):
        yield


@pytest.fixture
def sar(admin_user, therapist):
    PracticeProfile.objects.update_or_create(pk=1, defaults={"nation": "ENG"})
    client = make_client(therapist, given_name="Ada", family_name="Example")
    return log_request(admin_user, client, received_on=date(2026, 3, 2))


FEE = {
    "amount_pence": 2500,
    "asked_on": date(2026, 3, 6),
    "basis": "One hour of staff time to search and copy, at £20, and £5 postage.",
    "evidence": "The fifth identical request since January; each was answered in full.",
}


def _unchanged(sar):
    before = SubjectAccessRequest.objects.get(pk=sar.pk)
    return lambda: (
        SubjectAccessRequest.objects.get(pk=sar.pk).status == before.status
        and not SubjectAccessRequest.objects.get(pk=sar.pk).fee_pence
        and not sar.clock_events.filter(kind=K.FEE_ASKED).exists()
        and not sar.letters.exists()
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"evidence": " "}, "evidence", "manifestly unfounded or excessive"),
        ({"basis": ""}, "basis", "administrative costs"),
        ({"amount_pence": 0}, "amount", "between"),
        ({"amount_pence": 50_001}, "amount", "between"),
        ({"asked_on": date(2026, 3, 1)}, "asked_on", "before the request's month began"),
        ({"asked_on": date(2026, 3, 11)}, "asked_on", "future"),
    ],
)
def test_a_fee_missing_what_it_needs_is_refused_and_changes_nothing(
    admin_user, sar, change, field, message
):
    unchanged = _unchanged(sar)
    with pytest.raises(ValidationError, match=message) as raised:
        services.sar_ask_fee(actor=admin_user, sar=sar, **{**FEE, **change})
    assert field in raised.value.message_dict
    assert unchanged()


def test_a_fee_must_be_asked_within_the_first_month(admin_user, therapist):
    client = make_client(therapist)
    late = log_request(admin_user, client, received_on=date(2026, 2, 2))  # month ends 2 March
    unchanged = _unchanged(late)
    with pytest.raises(ValidationError, match="within the first month: by Monday 2 March 2026"):
        services.sar_ask_fee(actor=admin_user, sar=late, **FEE)
    assert unchanged()


def test_the_fee_stops_the_clock_until_it_arrives_and_its_letter_says_so(admin_user, sar):
    sar = services.sar_ask_fee(actor=admin_user, sar=sar, **FEE)
    assert sar.status == Status.AWAITING_FEE
    assert sar.due_on is None and sar.awaited == ["the fee asked for"]
    (letter,) = SarLetter.objects.filter(request=sar, kind=LetterKind.FEE)
    assert letter.dated == date(2026, 3, 6)
    pdf = documents.from_stored(letter.get_pdf(), sha256=letter.sha256)
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    for part in (
        "a fee before we answer",
        "Fee £25.00",
        "manifestly unfounded or excessive",
        "Article 12(5)",
        "One hour of staff time to search and copy, at £20, and £5 postage.",
        "begins on the day we receive the fee",
        "You do not have to pay it",
        "Information Commissioner",
    ):
        assert part in text, part
    assert "fifth identical request" not in text  # the evidence is kept, not printed
    with pytest.raises(ValidationError, match="before it was asked for"):
        services.sar_receive_fee(actor=admin_user, sar=sar, received_on=date(2026, 3, 5))
    sar = services.sar_receive_fee(actor=admin_user, sar=sar, received_on=date(2026, 3, 9))
    assert sar.status == Status.OPEN
    assert sar.clock_start == date(2026, 3, 9) and sar.due_on == date(2026, 4, 9)
    with pytest.raises(ValidationError, match="already been asked"):
        services.sar_ask_fee(actor=admin_user, sar=sar, **{**FEE, "asked_on": TODAY})


def test_a_request_waiting_for_its_fee_may_be_refused_by_two_people(admin_user, sar):
    sar = services.sar_ask_fee(actor=admin_user, sar=sar, **FEE)
    sar = services.sar_propose_refusal(
        actor=admin_user,
        sar=sar,
        exemption="unfounded",
        reasons="The fee was not paid and the request is the fifth of its kind.",
        evidence=FEE["evidence"],
    )
    sar = services.sar_approve_refusal(actor=second_admin(), sar=sar)
    assert sar.status == Status.REFUSED


def test_the_fee_form_on_the_page(admin_user, sar):
    browser = signed_in(admin_user)
    detail = browser.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "Ask for a fee instead of refusing" in detail
    bad = browser.post(
        reverse("sar_fee", args=[sar.ref]),
        {"amount": "25", "fee_asked_on": "2026-03-06", "basis": "", "fee_evidence": "E."},
    )
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    good = browser.post(
        reverse("sar_fee", args=[sar.ref]),
        {
            "amount": "25.00",
            "fee_asked_on": "2026-03-06",
            "basis": FEE["basis"],
            "fee_evidence": FEE["evidence"],
        },
        follow=True,
    )
    page = good.content.decode()
    assert "Fee asked for: the month begins when it arrives." in page
    assert "£25.00 asked 6 March 2026" in page and "not received yet" in page
    assert "it waits for the fee asked for" in page
    assert "Request for a fee" in page  # the letter, kept
    received = browser.post(
        reverse("sar_fee_received", args=[sar.ref]), {"fee_received_on": "2026-03-09"}, follow=True
    )
    assert "the month runs from the day it arrived" in received.content.decode()
    assert SubjectAccessRequest.objects.get(pk=sar.pk).due_on == date(2026, 4, 9)
