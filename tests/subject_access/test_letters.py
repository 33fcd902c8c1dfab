"""The letters the law requires (issue 22, item 6), each read back from its kept PDF with
pypdf: the parts each must hold, the refusal by two people, and the letters in the answer
archive."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from practice import documents
from practice.audit.models import AuditEvent
from practice.transitions import TransitionRefused
from subject_access import archive, release, services
from subject_access.models import LetterKind, SarLetter, Status, SubjectAccessRequest
from tests.conftest import make_client, signed_in
from tests.subject_access.builders import (
    compiled,
    health_opinion,
    log_request,
    refused,
    second_admin,
)

TODAY = date(2026, 3, 10)  # a Tuesday


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(timezone.datetime(2026, 3, 10, 11, 0, tzinfo=UTC)):
        yield


@pytest.fixture
def client_(therapist):
    return make_client(therapist, given_name="Ada", family_name="Example")


def _text(letter: SarLetter) -> str:
    pdf = documents.from_stored(letter.get_pdf(), sha256=letter.sha256)
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _only(sar, kind) -> SarLetter:
    (letter,) = SarLetter.objects.filter(request=sar, kind=kind)
    return letter


def _has(text: str, *parts: str) -> None:
    for part in parts:
        assert part in text, part


RIGHTS = ("Information Commissioner", "0303 123 1113", "ask a court")


def test_the_acknowledgement_gives_the_due_date(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 3))
    services.sar_letter_issue(actor=admin_user, sar=sar, kind=LetterKind.ACKNOWLEDGEMENT)
    text = _text(_only(sar, LetterKind.ACKNOWLEDGEMENT))
    _has(
        text,
        sar.reference,
        "Dear Ada Example,",
        "Tuesday 10 March 2026",  # dated the day it is kept
        "Tuesday 3 March 2026",  # received
        # 3 April 2026 is Good Friday and 6 April Easter Monday: the next working day.
        "Answer due by Tuesday 7 April 2026",
        "no charge",
        "two further months",
    )


def test_the_evidence_letter_says_what_is_awaited_and_when_the_month_begins(admin_user, client_):
    sar = log_request(
        admin_user,
        client_,
        requester="representative",
        requester_name="Sam Solicitor",
        identity_method="",
        authority="",
    )
    assert sar.status == Status.AWAITING_IDENTITY
    services.sar_letter_issue(actor=admin_user, sar=sar, kind=LetterKind.EVIDENCE)
    text = _text(_only(sar, LetterKind.EVIDENCE))
    _has(
        text,
        "Dear Sam Solicitor,",
        "about Ada Example",
        "confirms who you are",
        "signed authority",
        "begins on the day the last of this reaches us",
    )
    services.sar_letter_issue(actor=admin_user, sar=sar, kind=LetterKind.ACKNOWLEDGEMENT)
    _has(_text(_only(sar, LetterKind.ACKNOWLEDGEMENT)), "Before we can begin, we need")


def test_no_evidence_letter_when_nothing_is_awaited(admin_user, client_):
    sar = log_request(admin_user, client_)
    with pytest.raises(ValidationError, match="Nothing is awaited"):
        services.sar_letter_issue(actor=admin_user, sar=sar, kind=LetterKind.EVIDENCE)
    with pytest.raises(ValidationError, match="made by the step it records"):
        services.sar_letter_issue(actor=admin_user, sar=sar, kind=LetterKind.EXTENSION)
    assert not sar.letters.exists()


def test_the_clarification_letter_says_the_clock_is_paused_and_why(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 2))
    services.sar_request_clarification(
        actor=admin_user,
        sar=sar,
        requested_on=date(2026, 3, 9),
        why_needed="We hold six years of notes; which years would you like?",
    )
    text = _text(_only(sar, LetterKind.CLARIFICATION))
    _has(
        text,
        "Monday 9 March 2026",  # dated the day asked
        "Time paused from Monday 9 March 2026",
        "We hold six years of notes; which years would you like?",
        "do not count",
        "The 7 days already passed still count",
        # A reply on 16 March: 9 to 16 March (8 days) do not count, so 2 April moves on by
        # 8 days to Friday 10 April (a working day: Good Friday 2026 is 3 April).
        "Monday 16 March 2026, our answer will be due by Friday 10 April 2026",
        "You do not have to tell us more",
    )


def test_the_extension_notice_gives_the_reasons_and_the_new_date(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 3))
    services.sar_extend(
        actor=admin_user,
        sar=sar,
        months=2,
        reason="complex",
        why="Your records span eight years and include many e-mails.",
        told_on=date(2026, 3, 9),
    )
    letter = _only(sar, LetterKind.EXTENSION)
    assert letter.dated == date(2026, 3, 9)  # the day the person was told
    _has(
        _text(letter),
        "we need more time",
        "your request is complex",
        "2 further months",
        "Why: Your records span eight years and include many e-mails.",
        "Our answer is now due by Wednesday 3 June 2026",
        *RIGHTS,
    )


def test_an_extension_without_reasons_is_refused_and_changes_nothing(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 3))
    with pytest.raises(ValidationError, match="Give the reasons"):
        services.sar_extend(
            actor=admin_user, sar=sar, months=1, reason="complex", why=" ", told_on=TODAY
        )
    assert not sar.clock_events.filter(kind="extended").exists()
    assert not sar.letters.exists()


# -- refusal, by two people ------------------------------------------------------------------


def test_the_proposer_cannot_approve_their_own_refusal(admin_user, client_):
    sar = log_request(admin_user, client_)
    sar = services.sar_propose_refusal(
        actor=admin_user, sar=sar, exemption="third_party", reasons="About your brother."
    )
    with pytest.raises(ValidationError, match="A refusal needs a second person"):
        services.sar_approve_refusal(actor=admin_user, sar=sar)
    sar.refresh_from_db()
    assert sar.status == Status.OPEN and not sar.refused_at and not sar.letters.exists()
    sar = services.sar_approve_refusal(actor=second_admin(), sar=sar)
    assert sar.status == Status.REFUSED
    assert sar.refusal_proposed_by == admin_user and sar.refusal_approved_by == second_admin()
    text = _text(_only(sar, LetterKind.REFUSAL))
    _has(
        text, "our decision", "would not be reasonable", "Schedule 2, Part 3", "About your brother."
    )
    _has(text, *RIGHTS)
    event = AuditEvent.objects.get(action="sar.refused")
    assert event.details["proposed_by"] == str(admin_user.ref)
    assert "brother" not in str(event.details)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"exemption": "", "reasons": "Why."}, "exemption", "Name the exemption"),
        ({"exemption": "nonsense", "reasons": "Why."}, "exemption", "Name the exemption"),
        ({"exemption": "third_party", "reasons": "  "}, "reasons", "Give the reasons"),
        ({"exemption": "unfounded", "reasons": "Why."}, "evidence", "manifestly unfounded"),
    ],
)
def test_a_proposal_missing_what_it_needs_is_refused(admin_user, client_, values, field, message):
    sar = log_request(admin_user, client_)
    with pytest.raises(ValidationError, match=message) as raised:
        services.sar_propose_refusal(actor=admin_user, sar=sar, **values)
    assert field in raised.value.message_dict
    sar.refresh_from_db()
    assert sar.refusal_proposed_by is None and not sar.refusal_exemption


def test_a_refusal_waiting_for_approval_blocks_release_and_can_be_withdrawn(
    admin_user, therapist, client_
):
    sar = compiled(admin_user, client_)
    release.sar_review_complete(actor=therapist, sar=sar)
    health_opinion(admin_user, sar)
    services.sar_propose_refusal(
        actor=admin_user, sar=sar, exemption="serious_harm", reasons="The opinion of Dr A."
    )
    with pytest.raises(ValidationError, match="A refusal is waiting for approval"):
        release.sar_release(actor=admin_user, sar=sar, method="email")
    sar = services.sar_withdraw_refusal(actor=admin_user, sar=sar)
    assert sar.refusal_proposed_by is None and sar.get_refusal_reasons() == ""
    with pytest.raises(TransitionRefused):
        services.sar_approve_refusal(actor=second_admin(), sar=sar)
    assert release.sar_release(actor=admin_user, sar=sar, method="email").status == "released"


def test_a_refusal_under_the_crime_exemption_names_neither_it_nor_its_reasons(admin_user, client_):
    sar = refused(
        admin_user,
        log_request(admin_user, client_),
        exemption="crime",
        reasons="Quartzmarker police enquiry",
    )
    text = _text(_only(sar, LetterKind.REFUSAL))
    _has(text, "relied on an exemption", "cannot say more", *RIGHTS)
    for word in ("Quartzmarker", "police", "crime"):
        assert word not in text, word
    assert sar.get_refusal_reasons() == "Quartzmarker police enquiry"  # kept, encrypted


def test_refusal_reasons_and_letters_are_ciphertext_at_rest(admin_user, client_):
    refused(admin_user, log_request(admin_user, client_), reasons="Zebramarker reasons")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT refusal_reasons, refusal_evidence FROM subject_access_subjectaccessrequest"
        )
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
        cursor.execute("SELECT pdf FROM subject_access_sarletter")
        stored += " ".join(str(row[0]) for row in cursor.fetchall())
    assert "Zebramarker" not in stored and "identical requests" not in stored
    assert "%PDF" not in stored and "JVBER" not in stored  # nor a PDF, nor its base64


# -- the archive and the pages ---------------------------------------------------------------


def test_the_letters_sent_go_into_the_answer_archive(admin_user, therapist, client_):
    sar = compiled(admin_user, client_)
    services.sar_letter_issue(actor=admin_user, sar=sar, kind=LetterKind.ACKNOWLEDGEMENT)
    services.sar_letter_issue(actor=admin_user, sar=sar, kind=LetterKind.ACKNOWLEDGEMENT)
    services.sar_extend(
        actor=admin_user, sar=sar, months=1, reason="complex", why="Many notes.", told_on=TODAY
    )
    release.sar_review_complete(actor=therapist, sar=sar)
    health_opinion(admin_user, sar)
    sar = release.sar_release(actor=admin_user, sar=sar, method="email")
    content = release.sar_archive_download(actor=admin_user, sar=sar)
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    ref = sar.reference
    assert f"{ref}/letters/2026-03-10-acknowledgement.pdf" in names
    assert f"{ref}/letters/2026-03-10-acknowledgement-2.pdf" in names
    assert f"{ref}/letters/2026-03-10-extension.pdf" in names
    assert "letters/2026-03-10-extension.pdf" in sar.manifest
    verdict = archive.verify(
        content, recorded_sha256=sar.archive_sha256, recorded_manifest=sar.manifest
    )
    assert verdict.ok, verdict.problems


def test_the_preview_page_shows_the_letter_and_keeping_it_stores_it(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 3))
    browser = signed_in(admin_user)
    url = reverse("sar_letter", args=[sar.ref, "acknowledgement"])
    page = browser.get(url).content.decode()
    _has(page, "Acknowledgement", "We have received your request", "Dear Ada Example,")
    _has(page, "Keep this letter, dated today")
    response = browser.post(url)
    assert response.status_code == 302
    letter = _only(sar, LetterKind.ACKNOWLEDGEMENT)
    detail = browser.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    pdf_url = reverse("sar_letter_pdf", args=[sar.ref, letter.ref])
    assert pdf_url in detail
    download = browser.get(pdf_url)
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="sar.letter_read").count() == 1
    assert browser.get(reverse("sar_letter", args=[sar.ref, "nonsense"])).status_code == 404
    assert browser.get(reverse("sar_letter", args=[sar.ref, "extension"])).status_code == 404


def test_the_approver_sees_the_refusal_letter_before_approving(admin_user, client_):
    sar = log_request(admin_user, client_)
    proposer = signed_in(admin_user)
    response = proposer.post(
        reverse("sar_refuse", args=[sar.ref]),
        {"exemption": "third_party", "reasons": "About your brother.", "evidence": ""},
    )
    assert response.status_code == 302
    detail = proposer.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    _has(detail, "Refusal waiting for a second person", "another admin must approve it")
    assert reverse("sar_refusal_approve", args=[sar.ref]) not in detail
    refused_self = proposer.post(reverse("sar_refusal_approve", args=[sar.ref]), follow=True)
    assert "A refusal needs a second person" in refused_self.content.decode()
    approver = signed_in(second_admin())
    detail = approver.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert reverse("sar_refusal_approve", args=[sar.ref]) in detail
    preview = approver.get(reverse("sar_letter", args=[sar.ref, "refusal"])).content.decode()
    _has(preview, "Your request: our decision", "About your brother.")
    approver.post(reverse("sar_refusal_approve", args=[sar.ref]))
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.REFUSED
    assert _only(sar, LetterKind.REFUSAL).issued_by == second_admin()


def test_a_one_admin_practice_approves_on_the_server(admin_user, client_):
    from django.core.management import CommandError, call_command

    sar = log_request(admin_user, client_)
    with pytest.raises(CommandError, match="No refusal is waiting"):
        call_command("subject_access_refusal", "--approve", sar.reference)
    services.sar_propose_refusal(
        actor=admin_user, sar=sar, exemption="third_party", reasons="About your sister."
    )
    with pytest.raises(CommandError, match="No subject access request"):
        call_command("subject_access_refusal", "--approve", "SAR-NOTAREF")
    out = io.StringIO()
    call_command("subject_access_refusal", "--approve", sar.reference.lower(), stdout=out)
    assert f"Refused: request {sar.reference}" in out.getvalue()
    sar.refresh_from_db()
    assert sar.status == Status.REFUSED and sar.refusal_approved_by is None
    letter = _only(sar, LetterKind.REFUSAL)
    assert letter.issued_by is None
    _has(_text(letter), "About your sister.", *RIGHTS)
    event = AuditEvent.objects.get(action="sar.refused")
    assert event.source == "server"
