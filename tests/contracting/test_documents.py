"""The PDFs a client is given: every required section, their details, never a false promise."""

from __future__ import annotations

import base64
import hashlib
import io
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from contracting import rendering, selectors, services
from contracting.models import Agreement, AgreementDocument, Kind, Variant
from practice.models import AuditEvent, PracticeProfile
from tests.conftest import signed_in
from tests.contracting.builders import PRACTICE, complete_practice_profile, make_agreement

CONTRACT_SECTIONS = [
    "Confidentiality is not absolute",
    "When the law requires me to share information",
    "Terrorism",
    "Drug trafficking and money laundering",
    "Court orders",
    "When I may decide to share information",
    "safeguarding and child protection",
    "adult at risk",
    "take their own life|take your own life",
    "seriously harm",
    "Talking with",
    "I cannot do that",
    "Clinical supervision",
    "Between sessions, and online",
    "Recording",
    "If I cannot",
    "Who else can see",
    "How your records are kept, and for how long",
    "Seeing your notes",
    "If you are unhappy",
    "British Association for Counselling and Psychotherapy",
    "Information Commissioner",
]
NOTICE_SECTIONS = [
    "Who is responsible for your information",
    "controller",
    "What we keep",
    "Why we use it",
    "Article 6(1)(b)",
    "Article 6(1)(f)",
    "Article 9(2)(h)",
    "Schedule 1, Part 1, paragraph 2",
    "For sharing information without your agreement",
    "Article 9(2)(g)",
    "Schedule 1, paragraph 18",
    "Who we share it with",
    "dies or suddenly cannot work",
    "Transfers outside the UK",
    "We do not send your information outside the United Kingdom",
    "How long we keep it",
    "Your rights",
    "Complaining to the Information Commissioner",
    "Do you have to give us this information",
    "no decisions about you by automated means",
]
# Wording that would promise what no therapist can.
FALSE_PROMISES = [
    "completely confidential",
    "strictly confidential",
    "totally confidential",
    "always be kept confidential",
    "always confidential",
    "will never be shared",
    "never share",
    "guarantee confidentiality",
    "total confidentiality is guaranteed",
    "100%",
]


def _text(pdf: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    return " ".join(pages), pages


def _pdf(agreement: Agreement, kind: str) -> bytes:
    document = agreement.documents.get(kind=kind)
    document.agreement = agreement
    return selectors.document_pdf(document)


def _contains(text: str, expected: str) -> bool:
    return any(option.lower() in text.lower() for option in expected.split("|"))


@pytest.mark.parametrize("variant", Variant.values)
def test_contract_pdf_has_every_section_the_details_and_no_false_promise(
    therapist, supervision, new_client, variant
):
    extra = {"competence_assessed": True} if variant == Variant.YOUNG_PERSON else {}
    agreement = make_agreement(therapist, new_client, variant=variant, real_pdf=True, **extra)
    text, pages = _text(_pdf(agreement, Kind.CONTRACT))

    missing = [section for section in CONTRACT_SECTIONS if not _contains(text, section)]
    assert not missing, missing
    assert "Wilhelmina Xylophonesmith" in text
    for detail in ("ico_registration_number", "name", "complaints_route", "professional_will"):
        assert PRACTICE[detail] in text, detail
    assert "7 years after our last contact" in text
    assert "cannot promise total confidentiality" in text
    for promise in FALSE_PROMISES:
        assert promise.lower() not in text.lower(), promise
    assert "[missing" not in text
    if variant == Variant.YOUNG_PERSON:
        assert "judged that you understand" in text
        assert "until you are 25" in text
    for number, page in enumerate(pages, start=1):
        assert PRACTICE["name"] in page
        assert "version 1" in page
        assert f"Page {number} of {len(pages)}" in page


@pytest.mark.parametrize("variant", Variant.values)
def test_privacy_notice_pdf_carries_what_article_13_requires(therapist, new_client, variant):
    extra = {"competence_assessed": True} if variant == Variant.YOUNG_PERSON else {}
    agreement = make_agreement(therapist, new_client, variant=variant, real_pdf=True, **extra)
    text, pages = _text(_pdf(agreement, Kind.PRIVACY_NOTICE))

    missing = [section for section in NOTICE_SECTIONS if section.lower() not in text.lower()]
    assert not missing, missing
    assert PRACTICE["ico_registration_number"] in text
    assert "ico.org.uk" in text
    assert "dp@heronsgate.example" in text
    assert "Wilhelmina Xylophonesmith" in text
    for promise in FALSE_PROMISES:
        assert promise.lower() not in text.lower(), promise
    assert all("Privacy notice" in page and "version 1" in page for page in pages)


TRANSFERS = (
    "Our e-mail provider keeps messages in Ireland, which the UK recognises as protecting "
    "personal information adequately (UK adequacy regulations)."
)


@pytest.mark.parametrize("variant", Variant.values)
def test_the_notice_prints_the_practices_own_transfers_fact(therapist, new_client, variant):
    """UK GDPR Art. 13(1)(f): the transfers section is the practice profile's fact, not fixed
    text; a practice that uses a supplier abroad says so and names the safeguard."""
    complete_practice_profile(transfers_outside_uk=TRANSFERS)
    extra = {"competence_assessed": True} if variant == Variant.YOUNG_PERSON else {}
    with mock.patch("tests.contracting.builders.complete_practice_profile"):
        agreement = make_agreement(therapist, new_client, variant=variant, real_pdf=True, **extra)
    text, _ = _text(_pdf(agreement, Kind.PRIVACY_NOTICE))

    assert " ".join(TRANSFERS.split()) in text
    assert "do not send your information outside" not in text
    assert "do not transfer your information outside" not in text


@pytest.mark.django_db(databases="__all__")
def test_a_practice_profile_without_a_transfers_fact_is_incomplete():
    complete_practice_profile(transfers_outside_uk="  ")

    assert "transfers outside the UK" in PracticeProfile.load().missing_details


def test_stored_hash_matches_the_stored_file_and_the_template_version(therapist, new_client):
    agreement = make_agreement(therapist, new_client, real_pdf=True)
    for document in AgreementDocument.objects.filter(agreement=agreement):
        document.agreement = agreement
        pdf = base64.b64decode(document.get_pdf())
        assert pdf.startswith(b"%PDF")
        assert hashlib.sha256(pdf).hexdigest() == document.sha256
        assert document.size_bytes == len(pdf)
        assert document.template_version == document.template.version == 1
    event = AuditEvent.objects.get(action="contracting.generated")
    assert event.details["contract_sha256"] == agreement.documents.get(kind="contract").sha256


def test_a_stored_pdf_that_no_longer_matches_its_hash_is_not_served(therapist, new_client):
    agreement = make_agreement(therapist, new_client)
    document = agreement.documents.get(kind=Kind.CONTRACT)
    AgreementDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
    url = reverse("contracting_document", args=[new_client.ref, agreement.ref, "contract"])
    response = signed_in(therapist).get(url)
    assert response.status_code == 302


def test_therapist_downloads_the_exact_pdf_and_the_read_is_audited(therapist, new_client):
    agreement = make_agreement(therapist, new_client)
    url = reverse("contracting_document", args=[new_client.ref, agreement.ref, "privacy_notice"])
    response = signed_in(therapist).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Xylophonesmith" not in response["Content-Disposition"]
    stored = agreement.documents.get(kind="privacy_notice")
    assert hashlib.sha256(response.content).hexdigest() == stored.sha256
    assert AuditEvent.objects.filter(action="contracting.document_read").exists()


def test_a_missing_practice_detail_is_named_on_the_preview_and_blocks_the_pdf(
    therapist, new_client
):
    complete_practice_profile(ico_registration_number="")
    url = reverse("contracting_preview", args=[new_client.ref, "privacy_notice"])
    response = signed_in(therapist).get(url + "?variant=adult")
    page = response.content.decode()
    assert response.status_code == 200
    assert "[missing: ICO registration number — ask the practice]" in page
    assert "Details missing from the practice profile" in page

    generate = reverse("contracting_generate", args=[new_client.ref])
    response = signed_in(therapist).post(generate, {"variant": "adult"})
    assert response.status_code == 400
    assert "ICO registration number" in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_pdf_that_fails_to_render_leaves_no_half_written_agreement(
    therapist, new_client, monkeypatch
):
    calls = []

    def fail_on_second(html):
        calls.append(html)
        if len(calls) == 2:
            raise rendering.DocumentRenderError("The PDF could not be made. Nothing was saved.")
        return b"%PDF-1.4 first"

    monkeypatch.setattr(rendering, "pdf_from_html", fail_on_second)
    services.templates_ensure_defaults()
    before = AuditEvent.objects.filter(action__startswith="contracting.").count()
    response = signed_in(therapist).post(
        reverse("contracting_generate", args=[new_client.ref]), {"variant": "adult"}
    )
    assert response.status_code == 400
    assert "The PDF could not be made" in response.content.decode()
    assert not Agreement.objects.exists()
    assert not AgreementDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="contracting.generated").exists()
    assert AuditEvent.objects.filter(action__startswith="contracting.").count() == before


def test_weasyprint_failure_becomes_a_clear_error_without_document_text(monkeypatch):
    import weasyprint

    def broken(*args, **kwargs):
        raise RuntimeError("Wilhelmina secret text")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)  # the renderer lays out first
    with pytest.raises(rendering.DocumentRenderError) as caught:
        rendering.pdf_from_html("<p>Wilhelmina</p>")
    assert "Wilhelmina" not in str(caught.value)


def test_young_person_documents_need_the_therapists_assessment(therapist, new_client):
    response = signed_in(therapist).post(
        reverse("contracting_generate", args=[new_client.ref]), {"variant": "young_person"}
    )
    assert response.status_code == 400
    assert "Record your assessment" in response.content.decode()
    assert not Agreement.objects.exists()

    agreement = make_agreement(
        therapist,
        new_client,
        variant=Variant.YOUNG_PERSON,
        competence_assessed=True,
        competence_notes="Understood the limits and explained them back",
    )
    assert agreement.competence_assessed
    assert "Understood" not in agreement.competence_notes  # stored encrypted
    assert agreement.get_competence_notes().startswith("Understood")
