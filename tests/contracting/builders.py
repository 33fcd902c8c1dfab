"""Builders for contracting tests: a complete practice profile, agreements, signing links."""

from __future__ import annotations

from unittest import mock

from django.utils import timezone

from contracting import services
from contracting.models import Agreement, Variant
from practice import services as practice_services
from practice.models import User
from tests.conftest import TESTS

# The smallest file a PDF reader accepts; for tests where the PDF's look does not matter.
FAKE_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

PRACTICE = {
    "name": "Heronsgate Therapy Rooms",
    "address": "14 Quayside Mews\nPortwick PW3 9QZ",
    "email": "hello@heronsgate.example",
    "phone": "01632 960111",
    "ico_registration_number": "ZB765432",
    "data_protection_contact": "The practice manager, dp@heronsgate.example",
    "complaints_route": "Write to the practice manager at the address above.",
    "transfers_outside_uk": "We do not send your information outside the United Kingdom.",
    "professional_will": "Dr Ada Okafor, a colleague at Heronsgate, would write to you.",
}


def complete_practice_profile(**overrides) -> None:
    practice_services.practice_profile_update(actor=TESTS, values={**PRACTICE, **overrides})


def make_agreement(
    therapist: User, client, *, variant: str = Variant.ADULT, real_pdf: bool = False, **extra
) -> Agreement:
    """Prepared documents for `client` (with a stand-in PDF unless `real_pdf`)."""
    complete_practice_profile()
    if real_pdf:
        return services.agreement_generate(actor=therapist, client=client, variant=variant, **extra)
    with mock.patch("contracting.rendering.pdf_from_html", return_value=FAKE_PDF):
        return services.agreement_generate(actor=therapist, client=client, variant=variant, **extra)


def make_sent_agreement(therapist: User, client, **kwargs) -> tuple[Agreement, str]:
    """An agreement with a live signing link; returns it and the token in the link."""
    agreement = make_agreement(therapist, client, **kwargs)
    url = services.agreement_send(actor=therapist, agreement=agreement)
    agreement.refresh_from_db()
    return agreement, url.rstrip("/").rsplit("/", 1)[-1]


def matrix_objects(therapist: User, client) -> dict[str, object]:
    """Objects the permission matrix requests contracting URLs with."""
    agreement, token = make_sent_agreement(therapist, client)
    return {
        "agreement_ref": agreement.ref,
        "signing_token": token,
        "document_kind": "contract",
        "document_variant": "adult",
    }


def acknowledge_on_paper(
    therapist: User, agreement: Agreement, *, consent: bool = True
) -> Agreement:
    """Record that `agreement` was signed on paper today, with or without records consent."""
    return services.agreement_acknowledge_paper(
        actor=therapist,
        agreement=agreement,
        acknowledged_on=timezone.localdate(),
        signed_by="client",
        discussed=True,
        privacy_notice_provided=True,
        supervision_explained=True,
        consent_to_records=consent,
    )
