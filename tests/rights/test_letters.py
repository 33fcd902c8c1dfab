"""The complaint letters as issued: kept encrypted with their SHA-256, read back checked,
the acknowledgement stating its due date and the outcome the right to go to the ICO; no
word of the kind of service the practice gives."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from practice import documents, keyring
from practice.models import AuditEvent
from rights import services
from rights.models import ComplaintLetter
from tests.contracting.builders import complete_practice_profile
from tests.rights.builders import acknowledged, logged

pytestmark = pytest.mark.django_db(databases="__all__")


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


@pytest.fixture
def practice():
    complete_practice_profile(name="Harbour Lane Practice")


def test_the_acknowledgement_letter_states_the_day_it_was_due(admin_user, practice):
    received = timezone.localdate() - timedelta(days=4)
    complaint = logged(admin_user, received_on=received, name="Ada Complainer")
    letter = services.complaint_acknowledge(actor=admin_user, complaint=complaint)
    pdf = services.letter_read(actor=admin_user, letter=letter)
    text = _text(pdf)
    due = received + timedelta(days=30)
    assert f"{due.day} {due:%B} {due.year}" in text
    assert complaint.reference in text and "Dear Ada Complainer" in text
    assert "section 164A" in text
    assert AuditEvent.objects.filter(action="complaint.letter_downloaded").exists()


def test_the_outcome_letter_states_the_right_to_complain_to_the_ico(admin_user, practice):
    complaint = acknowledged(admin_user)
    letter = services.complaint_close(
        actor=admin_user, complaint=complaint, outcome="We corrected the address.\n\nSorry."
    )
    text = _text(services.letter_read(actor=admin_user, letter=letter))
    assert "We corrected the address." in text
    assert "right to complain to the Information Commissioner's Office" in text
    assert "ico.org.uk" in text
    assert "Harbour Lane Practice" in text


def test_no_letter_says_therapy_or_counselling(admin_user, practice):
    complaint = acknowledged(admin_user)
    services.complaint_close(actor=admin_user, complaint=complaint, outcome="Resolved.")
    for letter in ComplaintLetter.objects.all():
        text = _text(services.letter_read(actor=admin_user, letter=letter)).lower()
        for word in ("therap", "counsel", "session", "psycho"):
            assert word not in text, (letter.kind, word)


def test_a_stored_letter_altered_after_issue_is_refused(admin_user, practice):
    complaint = logged(admin_user)
    letter = services.complaint_acknowledge(actor=admin_user, complaint=complaint)
    stored = ComplaintLetter.objects.get(pk=letter.pk)
    stored.set_pdf(documents.stored_form(b"%PDF-1.7 not what was issued"))
    stored.save()
    with pytest.raises(documents.DocumentAltered):
        services.letter_read(actor=admin_user, letter=stored)


def test_the_letter_is_ciphertext_at_rest(admin_user, practice):
    complaint = logged(admin_user)
    letter = services.complaint_acknowledge(actor=admin_user, complaint=complaint)
    raw = ComplaintLetter.objects.filter(pk=letter.pk).values_list("pdf", flat=True).get()
    assert raw.startswith(keyring.CIPHERTEXT_PREFIX) and "JVBER" not in raw  # base64 "%PDF"
