"""Restriction of processing (UK GDPR Art. 18; issue 23, item 2): the one-month clock, the
request applied on its ground (the case file read-only), the lift refused until the notice
to the client is made (Art. 18(3)) and allowed after, the letters' PDF text, ciphertext at
rest, the desk and the pages."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from practice.models import AuditEvent
from records import services as record_services
from rights import desk, services
from rights.models import RestrictionLetter, RestrictionRequest
from subject_access import release
from tests.conftest import case_file_of, make_client, signed_in
from tests.contracting.builders import complete_practice_profile
from tests.rights.builders import restriction_logged
from tests.subject_access.builders import compiled

pytestmark = pytest.mark.django_db(databases="__all__")


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


@pytest.fixture
def practice():
    complete_practice_profile(name="Harbour Lane Practice")


@pytest.fixture
def client(therapist):
    return make_client(therapist, given_name="Ottoline")


def _counts():
    return (
        RestrictionRequest.objects.count(),
        RestrictionLetter.objects.count(),
        AuditEvent.objects.count(),
    )


def _letter(admin, letter) -> str:
    return _text(services.restriction_letter_read(actor=admin, letter=letter))


@pytest.mark.parametrize(
    ("received", "nation", "months", "due"),
    [
        (date(2026, 3, 3), "ENG", 0, date(2026, 4, 7)),  # Good Friday, Easter Monday
        (date(2026, 3, 3), "SCT", 0, date(2026, 4, 6)),
        (date(2026, 11, 25), "ENG", 0, date(2026, 12, 29)),  # Christmas, Boxing Day moved
        (date(2026, 1, 5), "ENG", 2, date(2026, 4, 7)),  # two further months
    ],
)
def test_the_restriction_clock_is_the_subject_access_month(received, nation, months, due):
    restriction = RestrictionRequest(
        received_on=received, extension_months=months, extended_on=received if months else None
    )
    assert restriction.clock(nation=nation, as_of=received).due_on == due


def test_applying_makes_the_file_read_only_and_the_letter_says_so(
    admin_user, therapist, client, practice
):
    restriction = restriction_logged(admin_user, client, ground="legal_claims")
    letter = services.restriction_apply(actor=admin_user, restriction=restriction)
    restriction.refresh_from_db()
    case_file = case_file_of(client)
    assert restriction.status == "applied" and restriction.applied_on == timezone.localdate()
    assert case_file.restricted_since == timezone.localdate()
    assert case_file.restriction_ground == "legal_claims"
    assert case_file.restricted_by == restriction.reference
    with pytest.raises(ValidationError, match="restricted"):
        record_services.note_create(actor=therapist, case_file=case_file, body="New words.")
    text = _letter(admin_user, letter)
    assert "we have restricted the use of your information" in text
    assert "legal claim" in text and "Article 18(2)" in text and "Article 18(3)" in text
    assert "Information Commissioner" in text
    assert "therapy" not in text.lower()
    event = AuditEvent.objects.get(action="rights.restriction_applied")
    assert event.target_ref == case_file.record_ref and event.details["ground"] == "legal_claims"


def test_the_lift_is_refused_before_the_notice_and_allowed_after(
    admin_user, therapist, client, practice
):
    restriction = restriction_logged(admin_user, client)
    services.restriction_apply(actor=admin_user, restriction=restriction)
    before = _counts()
    with pytest.raises(ValidationError, match="must be told first"):
        services.restriction_lift(actor=admin_user, restriction=restriction)
    assert _counts() == before
    assert case_file_of(client).is_restricted
    restriction.refresh_from_db()
    assert restriction.status == "applied" and restriction.lifted_on is None

    notice = services.restriction_notify(
        actor=admin_user, restriction=restriction, reasons="We have checked the note."
    )
    text = _letter(admin_user, notice)
    assert "We are going to lift the restriction" in text and "We have checked the note." in text
    assert "Article 18(3)" in text and "Information Commissioner" in text
    assert case_file_of(client).is_restricted  # the notice alone lifts nothing
    with pytest.raises(ValidationError, match="already been made"):
        services.restriction_notify(actor=admin_user, restriction=restriction, reasons="Again.")

    lifted = services.restriction_lift(actor=admin_user, restriction=restriction)
    assert lifted.status == "lifted" and lifted.lifted_on == timezone.localdate()
    case_file = case_file_of(client)
    assert not case_file.is_restricted and case_file.may_write_notes
    record_services.note_create(actor=therapist, case_file=case_file, body="Writing again.")
    with pytest.raises(ValidationError, match="in force"):
        services.restriction_lift(actor=admin_user, restriction=restriction)


@pytest.mark.parametrize(
    ("step", "values", "message"),
    [
        ("log", {"ground": "because"}, "ground"),
        ("log", {"asks": "  "}, "in their words"),
        ("log", {"received_on": date.today() + timedelta(days=1)}, "cannot be in the future"),
        ("apply", {"applied_on": date.today() + timedelta(days=1)}, "cannot be in the future"),
        ("apply", {"applied_on": date.today() - timedelta(days=400)}, "before the request"),
        ("notify", {"reasons": " "}, "why the restriction is to be lifted"),
        ("lift", {}, "only a restriction in force"),
    ],
)
def test_bad_steps_are_refused_and_nothing_changes(
    admin_user, client, practice, step, values, message
):
    restriction = restriction_logged(admin_user, client)
    if step == "notify":  # a notice is made while the restriction is in force
        services.restriction_apply(actor=admin_user, restriction=restriction)
    before = _counts()
    calls = {
        "log": lambda: services.restriction_log(
            actor=admin_user,
            client=client,
            **{"received_on": date.today(), "ground": "accuracy", "asks": "Keep it.", **values},
        ),
        "apply": lambda: services.restriction_apply(
            actor=admin_user, restriction=restriction, **values
        ),
        "notify": lambda: services.restriction_notify(
            actor=admin_user, restriction=restriction, **{"reasons": "Done.", **values}
        ),
        "lift": lambda: services.restriction_lift(actor=admin_user, restriction=restriction),
    }
    with pytest.raises(ValidationError, match=f"(?i){message}"):
        calls[step]()
    assert _counts() == before
    assert case_file_of(client).is_restricted == (step == "notify")


def test_only_an_admin_acts_and_a_file_is_restricted_once(admin_user, therapist, client, practice):
    with pytest.raises(ValidationError, match="Only an admin"):
        services.restriction_log(
            actor=therapist,
            client=client,
            received_on=timezone.localdate(),
            ground="accuracy",
            asks="Keep it.",
        )
    restriction = restriction_logged(admin_user, client)
    with pytest.raises(ValidationError, match="may not take this step"):
        services.restriction_apply(actor=therapist, restriction=restriction)
    services.restriction_apply(actor=admin_user, restriction=restriction)
    with pytest.raises(ValidationError, match="already been applied"):
        services.restriction_apply(actor=admin_user, restriction=restriction)
    second = restriction_logged(admin_user, client, ground="objection")
    with pytest.raises(ValidationError, match="already restricted"):
        services.restriction_apply(actor=admin_user, restriction=second)
    with pytest.raises(ValidationError, match="not yet applied"):
        services.restriction_acknowledge(actor=admin_user, restriction=restriction)


def test_acknowledgement_and_extension_letters_once_within_the_first_month(
    admin_user, client, practice
):
    restriction = restriction_logged(admin_user, client)
    letter = services.restriction_acknowledge(actor=admin_user, restriction=restriction)
    text = _letter(admin_user, letter)
    due = restriction.clock().due_on
    assert f"{due.day} {due:%B} {due.year}" in text and "Article 18" in text
    with pytest.raises(ValidationError, match="acknowledged"):
        services.restriction_acknowledge(actor=admin_user, restriction=restriction)
    letter = services.restriction_extend(
        actor=admin_user, restriction=restriction, months=1, reasons="Several requests at once."
    )
    text = _letter(admin_user, letter)
    assert "Several requests at once." in text and "one further month" in text
    assert "Information Commissioner" in text
    with pytest.raises(ValidationError, match="already been extended"):
        services.restriction_extend(
            actor=admin_user, restriction=restriction, months=1, reasons="X"
        )
    late = restriction_logged(
        admin_user, client, received_on=timezone.localdate() - timedelta(days=45)
    )
    with pytest.raises(ValidationError, match="within the first month"):
        services.restriction_extend(actor=admin_user, restriction=late, months=1, reasons="Late.")


MARKERS = ["Zephyrquill keep it", "Yarrowbend many at once", "Xerolimb checked now"]


def test_the_words_are_ciphertext_at_rest(admin_user, therapist, client, practice):
    restriction = restriction_logged(admin_user, client, asks=MARKERS[0])
    services.restriction_extend(
        actor=admin_user, restriction=restriction, months=1, reasons=MARKERS[1]
    )
    services.restriction_apply(actor=admin_user, restriction=restriction)
    services.restriction_notify(actor=admin_user, restriction=restriction, reasons=MARKERS[2])
    for alias in connections:
        connection = connections[alias]
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names():
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
                dumped = repr(cursor.fetchall())
                for marker in MARKERS:
                    assert marker.split()[0] not in dumped, (alias, table, marker)
    # the client's own subject access answer is still compiled while restricted (Art. 18(2))
    # and gives the request in its words
    answer = json.dumps(release.sar_draft_open(actor=therapist, sar=compiled(admin_user, client)))
    assert MARKERS[0] in answer and MARKERS[2] in answer


def test_the_admin_restricts_and_lifts_through_the_pages(admin_user, therapist, client, practice):
    admin = signed_in(admin_user)
    new = reverse("restriction_request_new")
    found = admin.get(new + "?q=Ottoline").content.decode()
    token = found.split('name="form_token" value="')[1].split('"')[0]
    response = admin.post(
        new,
        {
            "form_token": token,
            "client": client.ref,
            "received_on": timezone.localdate().isoformat(),
            "ground": "accuracy",
            "asks": "Please do not use my notes while you check them.",
        },
    )
    assert response.status_code == 302
    restriction = RestrictionRequest.objects.get()
    page = admin.get(response["Location"]).content.decode()
    left = (restriction.clock().due_on - timezone.localdate()).days
    assert f"{left} days left" in page and "Please do not use my notes" in page
    (item,) = [i for i in desk.desk(admin_user) if i.reference == restriction.reference]
    assert item.left == f"{left} days left" and item.deadline is not None
    assert restriction.reference in admin.get(reverse("desk")).content.decode()

    today = timezone.localdate().isoformat()
    url = lambda step: reverse(f"restriction_request_{step}", args=[restriction.ref])  # noqa: E731
    assert admin.post(url("apply"), {"applied_on": today}).status_code == 302
    client_page = signed_in(therapist).get(reverse("client_detail", args=[client.ref]))
    assert "Processing of this record is restricted" in client_page.content.decode()
    (item,) = [i for i in desk.desk(admin_user) if i.reference == restriction.reference]
    assert item.left.startswith("In force since") and item.deadline is None

    refused = admin.post(url("lift"), {"lifted_on": today})
    assert refused.status_code == 400 and "must be told first" in refused.content.decode()
    assert case_file_of(client).is_restricted
    bad = admin.post(url("notify"), {"dated": today, "reasons": ""})
    assert bad.status_code == 400 and not restriction.letters.filter(kind="notice").exists()
    assert admin.post(url("notify"), {"dated": today, "reasons": "Checked."}).status_code == 302
    assert admin.post(url("lift"), {"lifted_on": today}).status_code == 302
    assert not case_file_of(client).is_restricted
    assert restriction.reference not in [i.reference for i in desk.desk(admin_user)]

    letters = list(restriction.letters.order_by("issued_at"))
    assert [letter.kind for letter in letters] == ["outcome", "notice"]
    download = admin.get(
        reverse("restriction_request_letter", args=[restriction.ref, letters[1].ref])
    )
    assert download["Content-Type"] == "application/pdf"
    assert "Checked." in _text(download.content)
