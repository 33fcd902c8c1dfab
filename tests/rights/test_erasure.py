"""The right to erasure (UK GDPR Art. 17; issue 23, item 2): the one-month clock, refusals
with their ground (and a refused step changing nothing), a granted erasure carried out
through disposal leaving nothing of the client in either database and a tombstone, a legal
hold blocking it, the letters' PDF text, the desk and the pages."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from practice.models import AuditEvent
from records import disposal, holds
from records.models import CaseFile, LegalHold, Tombstone
from rights import desk, services
from rights.models import ErasureLetter, ErasureRequest
from tests.conftest import case_file_of, make_client, signed_in
from tests.contracting.builders import complete_practice_profile
from tests.records.test_disposal import (
    NAME_MARKERS,
    NOTE_WORDS,
    PARENT_MARKERS,
    _client_with_everything,
    _everything_in_both_databases,
)
from tests.rights.builders import erasure_logged

pytestmark = pytest.mark.django_db(databases="__all__")

ASKS = "Quillfeather erase everything you hold"
REASONS = "Moonwhistle we have checked the file"


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
        ErasureRequest.objects.count(),
        ErasureLetter.objects.count(),
        AuditEvent.objects.count(),
        Tombstone.objects.count(),
        CaseFile.objects.count(),
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
def test_the_erasure_clock_is_the_subject_access_month(received, nation, months, due):
    erasure = ErasureRequest(
        received_on=received, extension_months=months, extended_on=received if months else None
    )
    assert erasure.clock(nation=nation, as_of=received).due_on == due


@pytest.mark.parametrize(
    ("ground", "says"),
    [
        ("legal_obligation", "Article 17(3)(b)"),
        ("legal_claims", "Article 17(3)(e)"),
        ("retention_agreed", "which you agreed to in your contract"),
    ],
)
def test_a_refusal_states_its_ground_and_the_right_to_complain(
    admin_user, client, practice, ground, says
):
    erasure = erasure_logged(admin_user, client)
    letter = services.erasure_decide(
        actor=admin_user, erasure=erasure, decision="refused", ground=ground, reasons=REASONS
    )
    text = _text(services.erasure_letter_read(actor=admin_user, letter=letter))
    assert says in text and REASONS in text and "we have not erased it" in text
    assert "Information Commissioner" in text and "ask a court" in text
    erasure.refresh_from_db()
    assert erasure.status == "refused" and erasure.ground == ground
    assert CaseFile.objects.filter(record_ref=client.record_ref).exists()


def test_a_legal_hold_is_a_ground_only_while_one_is_in_force(admin_user, client, practice):
    erasure = erasure_logged(admin_user, client)
    with pytest.raises(ValidationError, match="No legal hold is in force"):
        services.erasure_decide(
            actor=admin_user, erasure=erasure, decision="refused", ground="legal_hold", reasons="X"
        )
    holds.legal_hold_place(
        actor=admin_user, case_file=case_file_of(client), kind=LegalHold.Kind.COMPLAINT
    )
    letter = services.erasure_decide(
        actor=admin_user, erasure=erasure, decision="refused", ground="legal_hold", reasons="X"
    )
    assert "legal hold" in _text(services.erasure_letter_read(actor=admin_user, letter=letter))


def test_the_retention_ground_is_refused_once_the_period_has_ended(admin_user, therapist, practice):
    client = _client_with_everything(therapist)  # therapy ended in 2015: kept until 2022
    erasure = erasure_logged(admin_user, client)
    before = _counts()
    with pytest.raises(ValidationError, match="retention period ended on 01 March 2022"):
        services.erasure_decide(
            actor=admin_user,
            erasure=erasure,
            decision="refused",
            ground="retention_agreed",
            reasons="X",
        )
    assert _counts() == before


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"decision": "maybe"}, "granted or refused"),
        ({"decision": "refused"}, "needs its ground"),
        ({"decision": "refused", "ground": "whim"}, "needs its ground"),
        ({"decision": "granted", "ground": "legal_claims"}, "no ground for refusal"),
        ({"decision": "refused", "ground": "legal_claims", "reasons": " "}, "Say why"),
        ({"decided_on": date.today() + timedelta(days=1)}, "cannot be in the future"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_changes(
    admin_user, client, practice, values, message
):
    erasure = erasure_logged(admin_user, client)
    before = _counts()
    arguments = {"decision": "granted", "reasons": "", **values}
    with pytest.raises(ValidationError, match=message):
        services.erasure_decide(actor=admin_user, erasure=erasure, **arguments)
    assert _counts() == before
    erasure.refresh_from_db()
    assert erasure.status == "received" and not erasure.ground and erasure.decided_on is None


def test_only_an_admin_logs_decides_or_carries_out(admin_user, therapist, client, practice):
    with pytest.raises(ValidationError, match="Only an admin"):
        services.erasure_log(
            actor=therapist, client=client, received_on=timezone.localdate(), asks="Erase."
        )
    erasure = erasure_logged(admin_user, client)
    with pytest.raises(ValidationError, match="may not take this step"):
        services.erasure_decide(actor=therapist, erasure=erasure, decision="granted", reasons="")
    with pytest.raises(ValidationError, match="Only a granted erasure"):
        services.erasure_carry_out(actor=admin_user, erasure=erasure)
    services.erasure_decide(actor=admin_user, erasure=erasure, decision="granted", reasons="")
    with pytest.raises(ValidationError, match="already been decided"):
        services.erasure_decide(actor=admin_user, erasure=erasure, decision="granted", reasons="")
    with pytest.raises(ValidationError, match="decided erasure request"):
        services.erasure_acknowledge(actor=admin_user, erasure=erasure)
    with pytest.raises(ValidationError, match="may not take this step"):
        services.erasure_carry_out(actor=therapist, erasure=erasure)
    assert CaseFile.objects.filter(record_ref=client.record_ref).exists()


def test_acknowledgement_and_extension_letters_once_within_the_first_month(
    admin_user, client, practice
):
    erasure = erasure_logged(admin_user, client)
    letter = services.erasure_acknowledge(actor=admin_user, erasure=erasure)
    text = _text(services.erasure_letter_read(actor=admin_user, letter=letter))
    due = erasure.clock().due_on
    assert f"{due.day} {due:%B} {due.year}" in text and "Article 17" in text
    assert "either we erase your information" in text
    with pytest.raises(ValidationError, match="acknowledged"):
        services.erasure_acknowledge(actor=admin_user, erasure=erasure)
    letter = services.erasure_extend(
        actor=admin_user, erasure=erasure, months=2, reasons="Records in several places."
    )
    text = _text(services.erasure_letter_read(actor=admin_user, letter=letter))
    assert "Records in several places." in text and "2 further months" in text
    with pytest.raises(ValidationError, match="already been extended"):
        services.erasure_extend(actor=admin_user, erasure=erasure, months=1, reasons="X")
    late = erasure_logged(admin_user, client, received_on=timezone.localdate() - timedelta(days=45))
    with pytest.raises(ValidationError, match="within the first month"):
        services.erasure_extend(actor=admin_user, erasure=late, months=1, reasons="Late.")


def test_a_legal_hold_blocks_granting_and_carrying_out(admin_user, client, practice):
    erasure = erasure_logged(admin_user, client)
    services.erasure_decide(actor=admin_user, erasure=erasure, decision="granted", reasons="")
    hold = holds.legal_hold_place(
        actor=admin_user, case_file=case_file_of(client), kind=LegalHold.Kind.COMPLAINT
    )
    before = _counts()
    with pytest.raises(ValidationError, match="held and cannot be disposed of"):
        services.erasure_carry_out(actor=admin_user, erasure=erasure)
    assert _counts() == before
    erasure.refresh_from_db()
    assert erasure.status == "granted"
    assert case_file_of(client).wrapped_key  # the key was not touched

    other = erasure_logged(admin_user, client)
    with pytest.raises(ValidationError, match="A legal hold is in force"):
        services.erasure_decide(actor=admin_user, erasure=other, decision="granted", reasons="")
    other.refresh_from_db()
    assert other.status == "received"

    holds.legal_hold_lift(actor=admin_user, hold=hold)
    services.erasure_carry_out(actor=admin_user, erasure=erasure)
    assert Tombstone.objects.get(record_ref=client.record_ref).reason == "erasure_granted"


def test_disposal_for_an_erasure_needs_a_granted_request(admin_user, client, practice):
    case_file = case_file_of(client)
    with pytest.raises(disposal.DisposalRefused, match="no granted erasure request"):
        disposal.case_file_dispose(
            actor=admin_user, case_file=case_file, reason=Tombstone.Reason.ERASURE_GRANTED
        )
    refused = erasure_logged(admin_user, client)
    services.erasure_decide(
        actor=admin_user, erasure=refused, decision="refused", ground="legal_claims", reasons="X"
    )
    with pytest.raises(disposal.DisposalRefused, match="no granted erasure request"):
        disposal.case_file_dispose(
            actor=admin_user, case_file=case_file, reason=Tombstone.Reason.ERASURE_GRANTED
        )
    assert not Tombstone.objects.exists() and case_file_of(client).wrapped_key


def test_a_granted_erasure_leaves_nothing_of_the_client_in_either_database(
    admin_user, therapist, practice
):
    # Therapy ended a month ago: well within the retention period, which the grant overrides.
    client = _client_with_everything(
        therapist, last_contact=timezone.localdate() - timedelta(days=30)
    )
    ref = client.record_ref
    erasure = erasure_logged(admin_user, client, asks=ASKS)
    services.erasure_acknowledge(actor=admin_user, erasure=erasure)
    services.erasure_extend(actor=admin_user, erasure=erasure, months=1, reasons=REASONS)
    outcome = services.erasure_decide(
        actor=admin_user, erasure=erasure, decision="granted", reasons="Gallowglass done soon."
    )
    # The outcome letter is made and readable before the identity goes.
    text = _text(services.erasure_letter_read(actor=admin_user, letter=outcome))
    assert "Ottoline" in text and "we are erasing the personal information" in text
    assert "Gallowglass done soon." in text and "Information Commissioner" in text
    assert "Ottoline" in _everything_in_both_databases()

    tombstone = services.erasure_carry_out(actor=admin_user, erasure=erasure)

    everything = _everything_in_both_databases()
    for marker in [*NAME_MARKERS, *PARENT_MARKERS, *NOTE_WORDS, "Borogove", "Quillfeather"]:
        assert marker not in everything, marker
    for marker in ["Moonwhistle", "Gallowglass"]:
        assert marker not in everything, marker
    assert disposal.rows_of(ref) == {}
    assert tombstone.is_complete and tombstone.reason == Tombstone.Reason.ERASURE_GRANTED
    assert tombstone.confirmed_by == admin_user
    # What is left of the request: references, dates, the decision; the letters' hashes.
    erasure.refresh_from_db()
    assert erasure.status == "erased" and erasure.erased_at is not None
    assert erasure.asks == erasure.decision_reasons == erasure.extension_reasons == ""
    kept = list(ErasureLetter.objects.filter(erasure=erasure).values_list("pdf", "sha256"))
    assert len(kept) == 3 and all(pdf == "" and len(sha) == 64 for pdf, sha in kept)
    with pytest.raises(ValidationError, match="has been erased"):
        services.erasure_letter_read(actor=admin_user, letter=ErasureLetter.objects.first())
    actions = set(AuditEvent.objects.filter(target_ref=ref).values_list("action", flat=True))
    assert {"records.disposal_started", "records.disposed", "rights.erasure_carried_out"} <= (
        actions
    ), actions
    # Carried out once.
    with pytest.raises(ValidationError, match="Only a granted erasure"):
        services.erasure_carry_out(actor=admin_user, erasure=erasure)


def test_an_erasure_cut_short_after_disposal_is_finished_by_running_it_again(
    admin_user, client, practice, monkeypatch
):
    erasure = erasure_logged(admin_user, client)
    services.erasure_decide(actor=admin_user, erasure=erasure, decision="granted", reasons="")
    disposal.case_file_dispose(
        actor=admin_user,
        case_file=case_file_of(client),
        reason=Tombstone.Reason.ERASURE_GRANTED,
    )  # as if the step stopped after the disposal
    erasure.refresh_from_db()
    assert erasure.status == "granted"
    services.erasure_carry_out(actor=admin_user, erasure=erasure)
    erasure.refresh_from_db()
    assert erasure.status == "erased" and erasure.asks == ""


def test_the_admin_logs_decides_and_carries_out_through_the_pages(admin_user, client, practice):
    admin = signed_in(admin_user)
    found = admin.get(reverse("erasure_new") + "?q=Ottoline").content.decode()
    token = found.split('name="form_token" value="')[1].split('"')[0]
    response = admin.post(
        reverse("erasure_new"),
        {
            "form_token": token,
            "client": client.ref,
            "received_on": timezone.localdate().isoformat(),
            "asks": "Please erase everything.",
        },
    )
    assert response.status_code == 302
    erasure = ErasureRequest.objects.get()
    page = admin.get(response["Location"]).content.decode()
    left = (erasure.clock().due_on - timezone.localdate()).days
    assert f"{left} days left" in page and "Please erase everything." in page
    (item,) = [i for i in desk.desk(admin_user) if i.reference == erasure.reference]
    assert item.left == f"{left} days left" and item.kind == "Erasure request"
    assert erasure.reference in admin.get(reverse("desk")).content.decode()

    url = reverse("erasure_decide", args=[erasure.ref])
    today = timezone.localdate().isoformat()
    bad = admin.post(url, {"decided_on": today, "decision": "refused", "ground": "legal_hold"})
    assert bad.status_code == 400 and not erasure.letters.exists()
    assert "Say why the ground applies here" in bad.content.decode()
    bad = admin.post(
        url, {"decided_on": today, "decision": "refused", "ground": "legal_hold", "reasons": "X"}
    )
    assert bad.status_code == 400 and "No legal hold is in force" in bad.content.decode()
    assert not erasure.letters.exists()
    response = admin.post(url, {"decided_on": today, "decision": "granted", "reasons": ""})
    assert response.status_code == 302
    letter = erasure.letters.get()
    download = admin.get(reverse("erasure_letter", args=[erasure.ref, letter.ref]))
    assert download["Content-Type"] == "application/pdf"
    assert "we are erasing the personal information" in _text(download.content)
    (item,) = [i for i in desk.desk(admin_user) if i.reference == erasure.reference]
    assert item.next_step == "Send the outcome letter, then carry out the erasure"

    carry_out = reverse("erasure_carry_out", args=[erasure.ref])
    unticked = admin.post(carry_out, {})
    assert unticked.status_code == 400 and "Tick the box" in unticked.content.decode()
    assert CaseFile.objects.filter(record_ref=client.record_ref).exists()
    response = admin.post(carry_out, {"confirm": "on"})
    assert response.status_code == 302
    assert not CaseFile.objects.filter(record_ref=client.record_ref).exists()
    page = admin.get(response["Location"]).content.decode()
    assert "Erased" in page and letter.sha256 in page and "Ottoline" not in page
    assert admin.get(reverse("erasure_letter", args=[erasure.ref, letter.ref])).status_code == 404
    assert not [i for i in desk.desk(admin_user) if i.reference == erasure.reference]


def test_the_evidence_pack_lists_an_erasure_by_reference_only(admin_user, therapist, practice):
    import json
    import zipfile

    from rights.services.evidence_pack import evidence_pack_build

    client = _client_with_everything(therapist, last_contact=None)
    erasure = erasure_logged(admin_user, client, asks=ASKS)
    services.erasure_decide(actor=admin_user, erasure=erasure, decision="granted", reasons="")
    services.erasure_carry_out(actor=admin_user, erasure=erasure)
    refused = erasure_logged(admin_user, make_client(therapist, given_name="Ysolde"))
    services.erasure_decide(
        actor=admin_user, erasure=refused, decision="refused", ground="legal_claims", reasons="X"
    )
    pack = evidence_pack_build(actor=admin_user)
    with zipfile.ZipFile(io.BytesIO(pack.content)) as archive:
        data = json.loads(archive.read("pack.json"))
        pdf = _text(archive.read("pack.pdf"))
    rows = {row["reference"]: row for row in data["erasure_requests"]}
    erased, kept = rows[erasure.reference], rows[refused.reference]
    assert erased["status"].startswith("Erased") and erased["decision"] == "granted"
    assert erased["on_time"] is True and erased["erased_on"] and erased["record_ref"]
    assert kept["decision"] == "refused" and "17(3)(e)" in kept["ground"]
    # a narrow cell wraps a reference after its hyphen
    assert "Erasure requests" in pdf and erasure.reference in pdf.replace("- ", "-")
    everything = json.dumps(data) + pdf
    for marker in ["Ottoline", "Quarrendon", "Quillfeather", "Ysolde"]:
        assert marker not in everything, marker
