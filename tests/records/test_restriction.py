"""Restriction of processing on the records side (UK GDPR Art. 18): while a case file is
restricted every write to it is refused with the reason and changes nothing (one check,
`require_writable`, and again under the lock), every page that shows it carries the banner,
the audited read records that it was read while restricted, and it is held from disposal.
Every records service is listed here as a write or not, so a new one cannot be forgotten."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from practice.models import AuditEvent
from records import holds, restriction
from records import services as record_services
from records.models import Addendum, CaseFile, Note, Session
from tests.conftest import case_file_of, make_client, signed_in

pytestmark = pytest.mark.django_db(databases="__all__")

REFUSAL = "restricted"


def _restrict(case_file, ground="accuracy"):
    with transaction.atomic():
        return restriction.case_file_restrict(
            case_file=case_file, ground=ground, since=timezone.localdate(), by="RS-TESTTEST"
        )


@pytest.fixture
def world(therapist):
    """A client with a session, a signed note and a draft, then restricted."""
    client = make_client(therapist, given_name="Quentessa")
    case_file = case_file_of(client)
    session = record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=timezone.localdate(),
        start_time=timezone.now().time().replace(microsecond=0),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    signed = record_services.note_create(actor=therapist, case_file=case_file, body="First note.")
    signed = record_services.note_sign(
        actor=therapist, note=signed, expected_version=signed.version
    )
    draft = record_services.note_create(actor=therapist, case_file=case_file, body="A draft.")
    case_file = _restrict(case_file_of(client))
    return {"client": client, "case_file": case_file, "session": session, "signed": signed,
            "draft": draft, "therapist": therapist}  # fmt: skip


def _state(case_file: CaseFile) -> tuple:
    case_file.refresh_from_db()
    return (
        Session.objects.filter(case_file=case_file).count(),
        sorted(Session.objects.filter(case_file=case_file).values_list("duration_minutes")),
        Note.objects.filter(case_file=case_file).count(),
        sorted(Note.objects.filter(case_file=case_file).values_list("version", "status")),
        Addendum.objects.filter(note__case_file=case_file).count(),
        case_file.records_consent,
        case_file.closed_on,
        case_file.records_consent_withdrawn_at,
    )


def _in_action(function, **kwargs):
    with transaction.atomic():
        return function(**kwargs)


# Every write in records.services, as a call on the restricted world.
WRITES = {
    "session_save": lambda w: record_services.session_save(
        actor=w["therapist"],
        case_file=w["case_file"],
        date=timezone.localdate(),
        start_time=timezone.now().time().replace(microsecond=0),
        duration_minutes=60,
        modality="in_person",
        attendance="attended",
    ),
    "session_save (edit)": lambda w: record_services.session_save(
        actor=w["therapist"],
        case_file=w["case_file"],
        session=w["session"],
        date=w["session"].date,
        start_time=w["session"].start_time,
        duration_minutes=90,
        modality="in_person",
        attendance="attended",
    ),
    "note_create": lambda w: record_services.note_create(
        actor=w["therapist"], case_file=w["case_file"], body="New words."
    ),
    "note_save_draft": lambda w: record_services.note_save_draft(
        actor=w["therapist"],
        note=w["draft"],
        body="Changed words.",
        expected_version=w["draft"].version,
    ),
    "note_sign": lambda w: record_services.note_sign(
        actor=w["therapist"], note=w["draft"], expected_version=w["draft"].version
    ),
    "addendum_add": lambda w: record_services.addendum_add(
        actor=w["therapist"], note=w["signed"], body="An addition."
    ),
    "addendum_attach": lambda w: _in_action(
        record_services.addendum_attach,
        actor=w["therapist"],
        note=w["signed"],
        body="The client's own words.",
        kind=Addendum.Kind.CLIENT_STATEMENT,
    ),
    "case_file_close": lambda w: _in_action(
        record_services.case_file_close,
        actor=w["therapist"],
        case_file=w["case_file"],
        last_contact_on=timezone.localdate(),
    ),
    "records_consent_record": lambda w: record_services.records_consent_record(
        actor=w["therapist"], case_file=w["case_file"], given_on=timezone.localdate()
    ),
    "records_consent_decline": lambda w: record_services.records_consent_decline(
        actor=w["therapist"], case_file=w["case_file"], declined_on=timezone.localdate()
    ),
    "records_consent_withdraw": lambda w: record_services.records_consent_withdraw(
        actor=w["therapist"], case_file=w["case_file"]
    ),
    "records_consent_withdraw_within": lambda w: _in_action(
        record_services.records_consent_withdraw_within,
        actor=w["therapist"],
        case_file=w["case_file"],
    ),
    "records_consent_on_paper": lambda w: _in_action(
        record_services.records_consent_on_paper,
        actor=w["therapist"],
        case_file=w["case_file"],
        given=False,
        on=timezone.localdate(),
        source="paper",
    ),
    "records_consent_from_agreement": lambda w: _in_action(
        record_services.records_consent_from_agreement,
        case_file=w["case_file"],
        given=False,
        source="signing_link",
    ),
}

# What is not a write to one case file, and why it stays allowed while restricted.
NOT_WRITES = {
    "FUTURE_LIMIT": "a constant",
    "RevealedNote": "a result type",
    "StaleDraft": "an exception",
    "notes_reveal": "a read: allowed (Art. 18(2)), recorded as made while restricted",
    "data_keys_rotate": "re-wraps keys: keeping the file stored safely is what is allowed",
    "case_file_open": "opens a new case file, not a restricted one",
    "case_files_transfer": "moves a therapist's whole caseload (approved by two people): the "
    "file stays stored, unchanged",
}


def test_every_records_service_is_listed_as_a_write_or_not():
    listed = {name.split(" ")[0] for name in WRITES} | set(NOT_WRITES)
    assert set(record_services.__all__) == listed


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_is_refused_while_restricted_and_changes_nothing(world, name):
    before, events = _state(world["case_file"]), AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=REFUSAL):
        WRITES[name](world)
    assert _state(world["case_file"]) == before
    assert AuditEvent.objects.count() == events


def test_the_refusal_says_since_when_and_why(world):
    with pytest.raises(ValidationError) as refused:
        WRITES["note_create"](world)
    (message,) = refused.value.messages
    today = timezone.localdate()
    assert f"since {today:%-d %B %Y}" in message and "Article 18" in message
    assert "not accurate" in message and "only be stored" in message


def test_a_restriction_that_comes_in_meanwhile_is_caught_under_the_lock(world):
    """A page that read the file before it was restricted still cannot write."""
    stale = CaseFile.objects.get(pk=world["case_file"].pk)
    stale.restricted_since, stale.restriction_ground = None, ""  # as read before
    with pytest.raises(ValidationError, match=REFUSAL):
        record_services.session_save(
            actor=world["therapist"],
            case_file=stale,
            date=timezone.localdate(),
            start_time=timezone.now().time().replace(microsecond=0),
            duration_minutes=60,
            modality="in_person",
            attendance="attended",
        )


def _post_urls(w):
    ref = w["client"].ref
    return {
        "session_new": (reverse("session_new", args=[ref]), {"duration_minutes": 60}),
        "session_edit": (
            reverse("session_edit", args=[ref, w["session"].ref]),
            {"duration_minutes": 90},
        ),
        "note_new": (reverse("note_new", args=[ref]), {"body": "New words."}),
        "note_detail (save)": (
            reverse("note_detail", args=[ref, w["draft"].ref]),
            {"body": "Changed.", "version": w["draft"].version},
        ),
        "note_detail (sign)": (
            reverse("note_detail", args=[ref, w["draft"].ref]),
            {"confirm_sign": "1", "version": w["draft"].version},
        ),
        "addendum_new": (
            reverse("addendum_new", args=[ref, w["signed"].ref]),
            {"body": "An addition.", "kind": "addendum"},
        ),
        "addendum_new (statement)": (
            reverse("addendum_new", args=[ref, w["signed"].ref]),
            {"body": "The client's words.", "kind": "client_statement"},
        ),
        "consent_withdraw": (reverse("consent_withdraw", args=[ref]), {}),
        "client_end": (
            reverse("client_end", args=[ref]),
            {"last_contact_on": timezone.localdate().isoformat()},
        ),
    }


URLS = [
    "session_new",
    "session_edit",
    "note_new",
    "note_detail (save)",
    "note_detail (sign)",
    "addendum_new",
    "addendum_new (statement)",
    "consent_withdraw",
    "client_end",
]


@pytest.mark.parametrize("name", URLS)
def test_every_write_page_refuses_while_restricted_and_changes_nothing(world, name):
    browser = signed_in(world["therapist"])
    url, values = _post_urls(world)[name]
    page = browser.get(url)
    token = page.content.decode().split('name="form_token" value="')
    values = {
        "date": timezone.localdate().isoformat(),
        "start_time": "10:00",
        "modality": "in_person",
        "attendance": "attended",
        **({"form_token": token[1].split('"')[0]} if len(token) > 1 else {}),
        **values,
    }
    before = _state(world["case_file"])
    response = browser.post(url, values, follow=True)
    assert response.status_code in (200, 400)
    assert _state(world["case_file"]) == before
    assert "restricted" in response.content.decode()


PAGES = {
    "client_detail": lambda w: reverse("client_detail", args=[w["client"].ref]),
    "note_detail (signed)": lambda w: reverse(
        "note_detail", args=[w["client"].ref, w["signed"].ref]
    ),
    "note_detail (draft)": lambda w: reverse("note_detail", args=[w["client"].ref, w["draft"].ref]),
    "note_new": lambda w: reverse("note_new", args=[w["client"].ref]),
    "session_new": lambda w: reverse("session_new", args=[w["client"].ref]),
    "session_edit": lambda w: reverse("session_edit", args=[w["client"].ref, w["session"].ref]),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_that_shows_the_file_carries_the_banner(world, name):
    page = signed_in(world["therapist"]).get(PAGES[name](world)).content.decode()
    today = timezone.localdate()
    assert "Processing of this record is restricted" in page
    assert f"Since {today.day} {today:%B %Y}" in page
    assert "not accurate" in page and "may only be stored" in page
    assert "the client's own request for their information" in page
    assert "legal claims" in page


def test_the_pages_offer_no_write_while_restricted(world):
    browser = signed_in(world["therapist"])
    ref = world["client"].ref
    page = browser.get(reverse("client_detail", args=[ref])).content.decode()
    assert reverse("note_new", args=[ref]) not in page
    assert reverse("session_new", args=[ref]) not in page
    signed = browser.get(reverse("note_detail", args=[ref, world["signed"].ref])).content.decode()
    assert reverse("addendum_new", args=[ref, world["signed"].ref]) not in signed
    draft = browser.get(reverse("note_detail", args=[ref, world["draft"].ref])).content.decode()
    assert "Save draft" not in draft and "A draft." in draft


def test_the_audited_read_records_the_restriction_without_client_text(world):
    signed_in(world["therapist"]).get(reverse("client_detail", args=[world["client"].ref]))
    event = AuditEvent.objects.filter(action="records.notes_viewed").latest("pk")
    assert event.details["restricted"] == "accuracy"
    assert "First note" not in str(event.details) and "Quentessa" not in str(event.details)


def test_an_unrestricted_read_is_not_marked(therapist):
    client = make_client(therapist)
    case_file = case_file_of(client)
    record_services.note_create(actor=therapist, case_file=case_file, body="Words.")
    signed_in(therapist).get(reverse("client_detail", args=[client.ref]))
    event = AuditEvent.objects.filter(action="records.notes_viewed").latest("pk")
    assert "restricted" not in event.details


def test_a_restricted_file_is_held_from_disposal_and_writable_once_lifted(world):
    case_file = world["case_file"]
    assert "Processing restricted (UK GDPR Article 18)" in holds.reasons_for(case_file)
    assert CaseFile.objects.filter(holds.held(), pk=case_file.pk).exists()
    with transaction.atomic():
        restriction.case_file_unrestrict(case_file=case_file, by="RS-TESTTEST")
    case_file.refresh_from_db()
    assert not holds.reasons_for(case_file) and case_file.may_write_notes
    record_services.note_create(actor=world["therapist"], case_file=case_file, body="Again.")


@pytest.mark.parametrize(
    ("ground", "words"),
    [
        ("accuracy", "not accurate"),
        ("unlawful", "rather than erased"),
        ("legal_claims", "legal claim"),
        ("objection", "objected"),
    ],
)
def test_each_ground_reads_plainly(therapist, ground, words):
    case_file = _restrict(case_file_of(make_client(therapist)), ground=ground)
    assert words in case_file.write_refusal()


def test_a_restriction_needs_a_ground_and_is_placed_once(therapist):
    case_file = case_file_of(make_client(therapist))
    with pytest.raises(ValidationError, match="ground"), transaction.atomic():
        restriction.case_file_restrict(
            case_file=case_file, ground="", since=date.today(), by="RS-X"
        )
    _restrict(case_file)
    with pytest.raises(ValidationError, match="already restricted"), transaction.atomic():
        restriction.case_file_restrict(
            case_file=case_file, ground="accuracy", since=date.today() - timedelta(days=1), by="X"
        )
    with pytest.raises(ValidationError, match="not in force"), transaction.atomic():
        restriction.case_file_unrestrict(case_file=case_file, by="RS-OTHER")
