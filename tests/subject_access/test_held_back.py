"""Nothing of a disclosure the client must not be told about reaches what the client gets.

Proved as an outsider would: a unique marker in every encrypted field of every row of the
request (the request, its steps, quoted passages, the record, a report), then the real
answer released and downloaded, and every file in the archive searched: the PDF's text
and every JSON file. Runs on SQLite and on PostgreSQL (.ci/run runs the suite on both).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from disclosures.audit_actions import Action as DisclosureAction
from disclosures.models import ClientReport, DisclosureRecord, DisclosureRequest
from disclosures.services import decisions, disclosing, drafting, restrictions
from disclosures.services.evidence import court_order_checks_record, evidence_add
from practice import client_facing, datamap
from records.models import Note
from subject_access import release
from subject_access.models import SubjectAccessRequest
from tests.conftest import make_client, signed_in
from tests.disclosures.builders import drafted, facts
from tests.subject_access.builders import (
    THIRD_PARTY_FORM,
    add_notes,
    compiled,
    health_opinion,
    third_party_test,
)

# Words that would tell the client something was kept from them, or what it was.
BETRAYING = [
    "restricted",
    "tipping",
    "held back",
    "court order",
    "witness summons",
    "disclosure request",
    "passage of a note quoted",
    "not sought",
    "left out",
    "kept from you",
]


def _stamp_markers(unit: str, record_ref: str) -> list[str]:
    """A unique marker in every encrypted field of every row of the unit, on the map."""
    markers = []
    for entry in datamap.registered():
        if entry.withheld_with is None:
            continue
        rows = entry.rows_for(record_ref).filter(**{entry.withheld_with: unit})
        for row in rows:
            changed = []
            for name in entry.encrypted_fields:
                if name in ("pdf", "content"):
                    continue  # a PDF's or a document's bytes: they carry a marker instead
                marker = f"MK{len(markers):03d}x{name.replace('_', '')}q"
                getattr(row, f"set_{name}")(marker)
                markers.append(marker)
                changed.append(name)
            if changed:
                row.save(update_fields=changed)
    return markers


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return buffer.getvalue()


def _restricted_request(therapist, supervisor, client) -> DisclosureRequest:
    add_notes(therapist, client, "We talked about the allotment in spring.")
    row = drafted(therapist, client, kind="court_order")
    note = Note.objects.filter(case_file=row.case_file).first()
    drafting.passage_quote(actor=therapist, disclosure=row, note=note, text="the allotment")
    row = decisions.request_submit(
        actor=therapist, disclosure=DisclosureRequest.objects.get(pk=row.pk)
    )
    row = decisions.request_decide(
        actor=supervisor, disclosure=row, decision="approve", reasons="Lawful and necessary"
    )
    row = court_order_checks_record(
        actor=therapist, disclosure=row, limit_considered=True, identity_called_back=True
    )
    evidence_add(  # the order itself, kept with the request: it must not leave with the answer
        actor=therapist,
        disclosure=row,
        kind="court_order",
        name="order.pdf",
        declared_type="application/pdf",
        content=_blank_pdf(),
    )
    row = disclosing.request_disclose(
        actor=therapist,
        disclosure=row,
        facts=facts(
            row,
            restricted=True,
            restricted_reason="tipping_off",
            restricted_review_on=timezone.localdate() + timedelta(days=90),
        ),
    )
    report = ClientReport(
        request=row, sha256="0" * 64, size_bytes=1, made_by=therapist, made_at=timezone.now()
    )
    report.set_report_text("report")
    report.set_pdf("")
    report.save()
    return row


def _release_and_read(admin_user, therapist, sar: SubjectAccessRequest) -> dict[str, str]:
    """Review, release and download the answer: every file of the archive as text."""
    release.sar_review_complete(actor=therapist, sar=sar)
    if not sar.health_bases.exists():
        health_opinion(admin_user, sar)
    sar = release.sar_release(actor=admin_user, sar=sar, method="email")
    content = release.sar_archive_download(actor=admin_user, sar=sar)
    texts = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".pdf"):
                reader = PdfReader(io.BytesIO(data))
                texts[name] = " ".join(page.extract_text() for page in reader.pages)
                texts[name + ":pages"] = str(len(reader.pages))
            else:
                texts[name] = data.decode("utf-8")
                if name.endswith(".json"):
                    json.loads(texts[name])
    return texts


def _request_labels() -> list[str]:
    return [
        label
        for action, label in DisclosureAction.labels().items()
        if action != DisclosureAction.RECORD_VIEWED
    ]


def _search(texts: dict[str, str], words: list[str]) -> list[tuple[str, str]]:
    found = []
    for name, text in texts.items():
        flat = " ".join(text.split()).lower()
        found += [(name, word) for word in words if word.lower() in flat]
    return found


def test_a_restricted_disclosure_leaves_no_trace_in_the_released_answer(
    therapist, supervisor, supervision, admin_user
):
    client = make_client(therapist, given_name="Ottoline")
    row = _restricted_request(therapist, supervisor, client)
    markers = _stamp_markers(str(row.ref), client.record_ref)
    assert len(markers) >= 25  # every free text of the request, events, quote, record, report

    sar = compiled(admin_user, client)
    texts = _release_and_read(admin_user, therapist, sar)

    assert {name.rsplit("/", 1)[-1] for name in texts} >= {
        "answer.pdf",
        "answer.json",
        "manifest.json",
    }
    assert _search(texts, markers) == []
    assert not [name for name in texts if "disclosure-document" in name]
    assert _search(texts, _request_labels()) == []
    assert _search(texts, BETRAYING) == []
    assert _search({n: t for n, t in texts.items() if n.endswith(".pdf")}, ["withheld"]) == []
    answer = json.loads(next(t for n, t in texts.items() if n.endswith("answer.json")))
    disclosures = next(s for s in answer["sections"] if s["key"] == "disclosures")
    assert disclosures["items"] == [] and answer["withheld"] == []
    assert "Ottoline" in next(t for n, t in texts.items() if n.endswith("answer.json"))


def test_the_answer_reads_as_if_there_had_never_been_a_disclosure(
    therapist, supervisor, supervision, admin_user
):
    """Derived text (contents, headings, counts, categories, page total) is the same as for
    a twin client who never had a disclosure."""
    client = make_client(therapist, given_name="Ottoline")
    twin = make_client(therapist, given_name="Ottoline")
    row = _restricted_request(therapist, supervisor, client)
    add_notes(therapist, twin, "We talked about the allotment in spring.")
    browser = signed_in(therapist)
    for person in (client, twin):  # the pages a therapist reads every day
        assert browser.get(reverse("client_detail", args=[person.ref])).status_code == 200
        for copy in ("", "?copy=client"):
            page = reverse("client_disclosures", args=[person.ref]) + copy
            assert browser.get(page).status_code == 200
    assert browser.get(reverse("disclosure_quotes", args=[row.ref])).status_code == 200

    answers = []
    for person in (client, twin):
        sar = compiled(admin_user, person)
        texts = _release_and_read(admin_user, therapist, sar)
        answer = json.loads(next(t for n, t in texts.items() if n.endswith("answer.json")))
        shape = [
            (section["key"], section["title"], [item["kind"] for item in section["items"]])
            for section in answer["sections"]
            if section["key"] != "access_history"
        ]
        history = sorted(
            field["value"]
            for section in answer["sections"]
            if section["key"] == "access_history"
            for item in section["items"]
            for field in item["fields"]
            if field["name"] == "what"
        )
        pages = next(t for n, t in texts.items() if n.endswith(":pages"))
        answers.append((shape, history, answer["supplementary"], answer["withheld"], pages))
    assert answers[0] == answers[1]


def test_the_reviewer_is_told_and_the_client_is_not(therapist, supervisor, supervision, admin_user):
    client = make_client(therapist)
    row = _restricted_request(therapist, supervisor, client)
    sar = compiled(admin_user, client)

    page = signed_in(therapist).get(reverse("sar_review", args=[sar.ref]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Held back from this answer: 1 disclosure request" in body
    assert "Restricted: telling the client would be unlawful (tipping off)" in body
    assert reverse("disclosure_detail", args=[row.ref]) in body  # their own request

    admin_page = signed_in(admin_user).get(reverse("sar_detail", args=[sar.ref]))
    admin_body = admin_page.content.decode()
    assert "Held back from this answer: 1 disclosure request" in admin_body
    assert reverse("disclosure_detail", args=[row.ref]) not in admin_body  # not theirs to open


def test_a_restriction_due_for_review_before_the_answer_is_due_is_flagged(
    therapist, supervisor, supervision, admin_user
):
    client = make_client(therapist)
    row = _restricted_request(therapist, supervisor, client)
    DisclosureRecord.objects.filter(request=row).update(
        restricted_review_on=timezone.localdate() + timedelta(days=5)
    )
    sar = compiled(admin_user, client)
    (item,) = release.held_back_for(sar)
    assert item.review_due and item.entry.restricted
    body = signed_in(admin_user).get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "Restriction due for review by" in body


def test_nobody_can_put_a_restricted_disclosure_into_an_answer(
    therapist, supervisor, supervision, admin_user
):
    client = make_client(therapist)
    row = _restricted_request(therapist, supervisor, client)
    sar = compiled(admin_user, client)
    with pytest.raises(ValidationError, match="restricted"):
        release.sar_held_back_decide(
            actor=therapist,
            sar=sar,
            unit_ref=str(row.ref),
            include=True,
            exemption="",
            reason="I think they should see it",
        )
    assert not sar.held_back_decisions.exists()


def test_an_undecided_request_is_held_back_until_its_reviewer_includes_it(
    therapist, supervisor, supervision, admin_user
):
    client = make_client(therapist)
    add_notes(therapist, client, "An ordinary session.")
    row = drafted(therapist, client)
    markers = _stamp_markers(str(row.ref), client.record_ref)
    sar = compiled(admin_user, client)

    draft_answer = json.dumps(release.sar_draft_open(actor=therapist, sar=sar))
    assert not [marker for marker in markers if marker in draft_answer]
    with pytest.raises(ValidationError, match="Decide on each"):
        release.sar_review_complete(actor=therapist, sar=sar)

    response = signed_in(therapist).post(
        reverse("sar_held_back", args=[sar.ref]),
        {"unit": str(row.ref), "decision": "include", "exemption": "", "reason": ""},
    )
    assert response.status_code == 400  # including needs a reason: nothing decided
    assert not sar.held_back_decisions.exists()
    response = signed_in(therapist).post(
        reverse("sar_held_back", args=[sar.ref]),
        {"unit": str(row.ref), "decision": "include", "reason": "The client knows of it"},
    )
    assert response.status_code == 302
    texts = _release_and_read(admin_user, therapist, SubjectAccessRequest.objects.get(pk=sar.pk))
    answer_json = next(t for n, t in texts.items() if n.endswith("answer.json"))
    assert all(marker in answer_json for marker in markers)
    assert "Disclosure request started" in answer_json  # its events came back with it


@pytest.mark.parametrize(
    ("exemption", "statement"),
    [("crime", None), ("serious_harm", None), ("third_party", "about other people")],
)
def test_withholding_says_only_what_the_exemption_allows(
    therapist, supervisor, supervision, admin_user, exemption, statement
):
    client = make_client(therapist)
    add_notes(therapist, client, "An ordinary session.")
    row = drafted(therapist, client)
    markers = _stamp_markers(str(row.ref), client.record_ref)
    sar = compiled(admin_user, client)
    if exemption == "serious_harm":  # on the health professional's opinion (Sch. 3 para 5)
        health_opinion(admin_user, sar, opinion="met")
    release.sar_held_back_decide(
        actor=therapist,
        sar=sar,
        unit_ref=str(row.ref),
        include=False,
        exemption=exemption,
        reason="",
        third_party=third_party_test() if exemption == "third_party" else None,
    )
    texts = _release_and_read(admin_user, therapist, SubjectAccessRequest.objects.get(pk=sar.pk))
    assert _search(texts, markers) == []
    assert _search(texts, _request_labels()) == []
    answer = json.loads(next(t for n, t in texts.items() if n.endswith("answer.json")))
    if statement is None:
        assert answer["withheld"] == []
        assert _search({n: t for n, t in texts.items() if n.endswith(".pdf")}, ["withheld"]) == []
    else:
        (entry,) = answer["withheld"]
        assert statement in entry["reason"] and entry["item"] == ""


def test_after_the_restriction_is_lifted_the_next_answer_holds_it(
    therapist, supervisor, supervision, admin_user
):
    client = make_client(therapist)
    row = _restricted_request(therapist, supervisor, client)
    markers = _stamp_markers(str(row.ref), client.record_ref)
    first = compiled(admin_user, client)
    assert _search(_release_and_read(admin_user, therapist, first), markers) == []

    lift = restrictions.restriction_lift_ask(
        actor=therapist,
        record=DisclosureRecord.objects.get(request=row),
        reason="The investigation has ended",
    )
    restrictions.restriction_lift_decide(
        actor=supervisor, lift=lift, decision="agree", response="Agreed"
    )
    second = compiled(admin_user, client)
    texts = _release_and_read(admin_user, therapist, second)
    answer_json = next(t for n, t in texts.items() if n.endswith("answer.json"))
    assert all(marker in answer_json for marker in markers)
    assert any("disclosure-document" in name for name in texts)  # the order, as kept


def test_every_output_asks_the_one_rule(therapist, supervisor, supervision):
    """The client's copy of the record of disclosures and a client report ask it too."""
    from disclosures import selectors

    client = make_client(therapist)
    row = _restricted_request(therapist, supervisor, client)
    assert selectors.disclosures_of(row.case_file, client_facing=True) == []
    assert len(selectors.disclosures_of(row.case_file, client_facing=False)) == 1
    screen = client_facing.screen_for(client.record_ref)
    assert screen.hides(str(row.ref)) and screen.held[str(row.ref)].restricted


def test_a_report_for_the_client_asks_the_rule_too(therapist, supervisor, supervision):
    """A report is made only while the request is approved; should its request ever stand
    restricted (a record made behind the workflow's back), no report is made for the
    client."""
    from disclosures.services import reports
    from tests.disclosures.builders import at_state

    client = make_client(therapist)
    row = at_state("approved", therapist, supervisor, client, kind="client_request")
    record = DisclosureRecord(
        request=row,
        case_file=row.case_file,
        disclosed_on=timezone.localdate(),
        method="phone",
        disclosed_by=therapist,
        approved_by=supervisor,
        restricted=True,
        restricted_reason="risk",
        restricted_review_on=timezone.localdate() + timedelta(days=30),
    )
    for name in ("recipient", "purpose", "legal_basis", "what_was_sent"):
        getattr(record, f"set_{name}")("x")
    record.save()
    with pytest.raises(ValidationError, match="held back from the client"):
        reports.report_make(actor=therapist, disclosure=row, client_name="A client")
    assert not row.reports.exists()


def test_withholding_a_request_as_about_another_person_needs_the_third_party_test(
    therapist, supervisor, supervision, admin_user
):
    """DPA 2018 Sch. 2 Part 3 para 16, as for a withheld passage: refused without the test,
    nothing decided; recorded with it, and shown on the review and request pages only."""
    client = make_client(therapist)
    add_notes(therapist, client, "An ordinary session.")
    row = drafted(therapist, client)
    sar = compiled(admin_user, client)
    browser = signed_in(therapist)
    url = reverse("sar_held_back", args=[sar.ref])
    decision = {"unit": str(row.ref), "decision": "withhold", "exemption": "third_party"}
    response = browser.post(url, decision)
    assert response.status_code == 400
    assert "Say whether the other person" in response.content.decode()
    assert not sar.held_back_decisions.exists()

    response = browser.post(url, {**decision, **THIRD_PARTY_FORM, "third_party_consent": "given"})
    assert response.status_code == 400
    assert "not withheld on their account" in response.content.decode()
    assert not sar.held_back_decisions.exists()

    response = browser.post(url, {**decision, **THIRD_PARTY_FORM})
    assert response.status_code == 302
    stored = sar.held_back_decisions.get()
    assert stored.third_party_consent == "not_sought" and stored.confidence_owed is True
    assert THIRD_PARTY_FORM["why_reasonable"] not in str(stored.why_reasonable)  # encrypted
    review = browser.get(reverse("sar_review", args=[sar.ref])).content.decode()
    detail = signed_in(admin_user).get(reverse("sar_detail", args=[sar.ref])).content.decode()
    for page in (review, detail):
        assert THIRD_PARTY_FORM["why_reasonable"] in page

    # Changed to another exemption, the test no longer stands beside it.
    response = browser.post(url, {**decision, "exemption": "crime"})
    assert response.status_code == 302
    stored = sar.held_back_decisions.get()
    assert stored.third_party_consent == "" and stored.confidence_owed is None
