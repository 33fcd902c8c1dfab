"""Objections to processing (UK GDPR Art. 21; issue 23, item 2): the one-month clock, the
admin's decision with reasons (upheld: what stops; refused: the ground), refusals that
change nothing, ciphertext at rest, the letters' PDF text, the desk and the pages."""

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
from rights import desk, services
from rights.models import ObjectionLetter, ObjectionRequest
from subject_access import release
from tests.conftest import case_file_of, make_client, signed_in
from tests.contracting.builders import complete_practice_profile
from tests.rights.builders import objection_logged
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
        ObjectionRequest.objects.count(),
        ObjectionLetter.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("received", "nation", "months", "due"),
    [
        (date(2026, 3, 3), "ENG", 0, date(2026, 4, 7)),  # Good Friday, Easter Monday
        (date(2026, 3, 3), "SCT", 0, date(2026, 4, 6)),
        (date(2026, 11, 25), "ENG", 0, date(2026, 12, 29)),  # Christmas, Boxing Day moved
        (date(2026, 1, 5), "ENG", 2, date(2026, 4, 7)),  # two further months
    ],
)
def test_the_objection_clock_is_the_subject_access_month(received, nation, months, due):
    objection = ObjectionRequest(
        received_on=received, extension_months=months, extended_on=received if months else None
    )
    assert objection.clock(nation=nation, as_of=received).due_on == due


def test_an_upheld_objection_says_what_stops(admin_user, client, practice):
    objection = objection_logged(admin_user, client)
    letter = services.objection_decide(
        actor=admin_user,
        objection=objection,
        decision="upheld",
        reasons="We no longer send appointment reminders by text.",
    )
    text = _text(services.objection_letter_read(actor=admin_user, letter=letter))
    assert "we have stopped using your information" in text
    assert "We no longer send appointment reminders by text." in text
    assert "Article 21" in text and "Information Commissioner" in text and "court" in text
    assert "therapy" not in text.lower()
    objection.refresh_from_db()
    assert objection.status == "decided" and objection.decided_on == timezone.localdate()
    event = AuditEvent.objects.get(action="rights.objection_decided")
    assert event.target_ref == case_file_of(client).record_ref
    assert "reminders" not in json.dumps(event.details)


@pytest.mark.parametrize(
    ("ground", "says"),
    [
        ("compelling", "compelling legitimate grounds"),
        ("legal_claims", "defence of legal claims"),
    ],
)
def test_a_refused_objection_states_its_ground(admin_user, client, practice, ground, says):
    objection = objection_logged(admin_user, client)
    letter = services.objection_decide(
        actor=admin_user,
        objection=objection,
        decision="refused",
        ground=ground,
        reasons="The records must be kept for the period you agreed.",
    )
    text = _text(services.objection_letter_read(actor=admin_user, letter=letter))
    assert says in text and "The records must be kept for the period you agreed." in text


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"decision": "maybe"}, "upheld or refused"),
        ({"decision": "refused"}, "needs its ground"),
        ({"decision": "upheld", "ground": "compelling"}, "no ground for refusal"),
        ({"reasons": "  "}, "what processing stops"),
        ({"decided_on": date.today() + timedelta(days=1)}, "cannot be in the future"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_changes(
    admin_user, client, practice, values, message
):
    objection = objection_logged(admin_user, client)
    before = _counts()
    arguments = {"decision": "upheld", "reasons": "Reminders stop.", **values}
    with pytest.raises(ValidationError, match=message):
        services.objection_decide(actor=admin_user, objection=objection, **arguments)
    assert _counts() == before
    objection.refresh_from_db()
    assert objection.status == "received" and not objection.decision


def test_only_an_admin_logs_or_decides_and_a_decision_is_made_once(
    admin_user, therapist, client, practice
):
    with pytest.raises(ValidationError, match="Only an admin"):
        services.objection_log(
            actor=therapist, client=client, received_on=timezone.localdate(), asks="Stop."
        )
    objection = objection_logged(admin_user, client)
    with pytest.raises(ValidationError, match="may not take this step"):
        services.objection_decide(
            actor=therapist, objection=objection, decision="upheld", reasons="Stop."
        )
    services.objection_decide(
        actor=admin_user, objection=objection, decision="upheld", reasons="Stop."
    )
    with pytest.raises(ValidationError, match="already been decided"):
        services.objection_decide(
            actor=admin_user, objection=objection, decision="upheld", reasons="Stop."
        )
    with pytest.raises(ValidationError, match="decided objection"):
        services.objection_acknowledge(actor=admin_user, objection=objection)


def test_acknowledgement_and_extension_letters_once_within_the_first_month(
    admin_user, client, practice
):
    objection = objection_logged(admin_user, client)
    letter = services.objection_acknowledge(actor=admin_user, objection=objection)
    text = _text(services.objection_letter_read(actor=admin_user, letter=letter))
    due = objection.clock().due_on
    assert f"{due.day} {due:%B} {due.year}" in text and "Article 21" in text
    with pytest.raises(ValidationError, match="acknowledged"):
        services.objection_acknowledge(actor=admin_user, objection=objection)
    letter = services.objection_extend(
        actor=admin_user, objection=objection, months=1, reasons="Several requests at once."
    )
    text = _text(services.objection_letter_read(actor=admin_user, letter=letter))
    assert "Several requests at once." in text and "one further month" in text
    with pytest.raises(ValidationError, match="already been extended"):
        services.objection_extend(actor=admin_user, objection=objection, months=1, reasons="X")
    late = objection_logged(
        admin_user, client, received_on=timezone.localdate() - timedelta(days=45)
    )
    with pytest.raises(ValidationError, match="within the first month"):
        services.objection_extend(actor=admin_user, objection=late, months=1, reasons="Late.")


MARKERS = ["Zephyrlode stop the reminders", "Yarrowmint many at once", "Xerophane reminders end"]


def test_the_words_are_ciphertext_at_rest(admin_user, therapist, client, practice):
    objection = objection_logged(admin_user, client, asks=MARKERS[0])
    services.objection_extend(actor=admin_user, objection=objection, months=1, reasons=MARKERS[1])
    services.objection_decide(
        actor=admin_user, objection=objection, decision="upheld", reasons=MARKERS[2]
    )
    for alias in connections:
        connection = connections[alias]
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names():
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
                dumped = repr(cursor.fetchall())
                for marker in MARKERS:
                    assert marker.split()[0] not in dumped, (alias, table, marker)
    # and the client's own subject access answer gives the objection in its words
    answer = json.dumps(release.sar_draft_open(actor=therapist, sar=compiled(admin_user, client)))
    assert MARKERS[0] in answer and MARKERS[2] in answer


def test_the_admin_logs_and_decides_through_the_pages(admin_user, client, practice):
    admin = signed_in(admin_user)
    found = admin.get(reverse("objection_new") + "?q=Ottoline").content.decode()
    token = found.split('name="form_token" value="')[1].split('"')[0]
    response = admin.post(
        reverse("objection_new"),
        {
            "form_token": token,
            "client": client.ref,
            "received_on": timezone.localdate().isoformat(),
            "asks": "Please stop the text reminders.",
        },
    )
    assert response.status_code == 302
    objection = ObjectionRequest.objects.get()
    page = admin.get(response["Location"]).content.decode()
    left = (objection.clock().due_on - timezone.localdate()).days
    assert f"{left} days left" in page and "Please stop the text reminders." in page
    (item,) = [i for i in desk.desk(admin_user) if i.reference == objection.reference]
    assert item.left == f"{left} days left"
    assert objection.reference in admin.get(reverse("desk")).content.decode()

    url = reverse("objection_decide", args=[objection.ref])
    bad = admin.post(url, {"decided_on": timezone.localdate().isoformat(), "decision": "refused"})
    assert bad.status_code == 400 and not objection.letters.exists()
    response = admin.post(
        url,
        {
            "decided_on": timezone.localdate().isoformat(),
            "decision": "refused",
            "ground": "legal_claims",
            "reasons": "A claim has been made against the practice.",
        },
    )
    assert response.status_code == 302
    letter = objection.letters.get()
    download = admin.get(reverse("objection_letter", args=[objection.ref, letter.ref]))
    assert download["Content-Type"] == "application/pdf"
    assert "A claim has been made against the practice." in _text(download.content)
