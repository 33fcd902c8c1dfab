"""The neutral letter to each client: what it says, what it never says, and its record."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from practice.models import AuditEvent
from tests.conftest import make_client, signed_in
from tests.contracting.builders import complete_practice_profile
from tests.wills.builders import activated, named
from wills.models import WillLetter

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def reached(therapist, executor, admin_user, supervisor, supervised):
    complete_practice_profile()
    client = make_client(therapist, given_name="Lettie", family_name="Reader")
    return activated(
        named(therapist, executor, admin_user), supervisor, reason="incapacity"
    ), client


def _pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_letter_says_what_is_needed_and_never_why(reached, executor, therapist):
    activation, client = reached
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    url = reverse("will_letter_pdf", kwargs={"ref": activation.ref, "client_ref": client.ref})
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        response = signed_in(executor).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Dear Lettie Reader" in text
    assert "Alex" in text and "not able to continue working with you" in text
    assert "Robin Reyes" in text  # who is writing
    assert "Samaritans" in text and "116 123" in text  # how to reach support
    assert "Your records" in text and "retention" in text  # what happens to the records
    text = text.replace("Heronsgate Therapy Rooms", "the practice")  # its own name may say so
    for never in ("ill", "illness", "died", "death", "incapacity", "hospital", "therapy"):
        assert not re.search(rf"\b{never}\b", text, re.IGNORECASE), never
    letter = WillLetter.objects.get()
    assert letter.record_ref == client.record_ref and len(letter.pdf_sha256) == 64
    event = AuditEvent.objects.get(action="will.letter_issued")
    assert event.target_ref == client.record_ref
    assert "Lettie" not in str(event.details)


def test_a_will_without_letters_refuses_to_issue_one(
    therapist, executor, admin_user, supervisor, supervised
):
    client = make_client(therapist)
    activation = activated(named(therapist, executor, admin_user, letters=False), supervisor)
    url = reverse("will_letter_pdf", kwargs={"ref": activation.ref, "client_ref": client.ref})
    response = signed_in(executor).get(url, follow=True)
    assert "does not let the executor write to clients" in response.content.decode()
    assert not WillLetter.objects.exists()
