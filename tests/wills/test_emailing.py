"""The executor e-mails the neutral letter: only to the address the client gave, only when
e-mail is how they asked to be contacted, with a subject that never mentions therapy and a
body that never says why; each sending recorded and shown; the printed letter still there."""

import re

import pytest
from django.urls import reverse

from practice.idempotency import new_token
from practice.models import AuditEvent
from tests.conftest import make_client, signed_in
from tests.contracting.builders import complete_practice_profile
from tests.disclosures.builders import MARKER as DISCLOSURE_MARKER
from tests.disclosures.builders import drafted
from tests.subject_access.builders import add_notes
from tests.wills.builders import activated, named
from wills import services
from wills.models import WillLetter

pytestmark = pytest.mark.django_db(databases="__all__")

NOTE_MARKER = "Pangolin-note-marker-8830"
ADDRESS = "ellie@example.org"


@pytest.fixture
def will(therapist, executor, admin_user, supervisor, supervised):
    complete_practice_profile()
    client = make_client(
        therapist,
        given_name="Ellie",
        family_name="Mailer",
        email=ADDRESS,
        preferred_contact="email",
        message_guidance="Only say the practice's name",
    )
    add_notes(therapist, client, f"Session talk {NOTE_MARKER}")
    drafted(therapist, client)
    return activated(named(therapist, executor, admin_user), supervisor), client


def _send(executor, activation, client, capture):
    url = reverse("will_letter_email", kwargs={"ref": activation.ref, "client_ref": client.ref})
    with capture(execute=True):
        return signed_in(executor).post(url, {"form_token": new_token()}, follow=True)


def test_the_letter_goes_to_the_client_s_own_address_and_is_recorded(
    will, executor, mailoutbox, django_capture_on_commit_callbacks
):
    activation, client = will
    response = _send(executor, activation, client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    page = response.content.decode()
    assert "sent by e-mail and recorded" in page
    assert "Sent by e-mail" in page and executor.username in page  # on the checklist
    (message,) = mailoutbox
    assert message.to == [ADDRESS]
    assert message.subject == "About your appointments"
    assert "Dear Ellie Mailer" in message.body
    assert "not able to continue working with you" in message.body  # cannot continue
    assert "Robin Reyes" in message.body  # who is writing
    assert "Samaritans" in message.body  # how to reach support
    assert "Your records" in message.body and "retention" in message.body
    letter = WillLetter.objects.get()
    assert letter.channel == "emailed" and letter.issued_by == executor
    assert letter.record_ref == client.record_ref and len(letter.pdf_sha256) == 64
    event = AuditEvent.objects.get(action="will.letter_emailed")
    assert event.target_ref == client.record_ref
    assert ADDRESS not in str(event.details) and "Ellie" not in str(event.details)


def test_the_subject_and_body_never_say_therapy_or_why(
    will, executor, mailoutbox, django_capture_on_commit_callbacks
):
    activation, client = will
    _send(executor, activation, client, django_capture_on_commit_callbacks)
    message = mailoutbox[0]
    for word in ("therap", "counsel", "session", "died", "death", "ill", "illness", "hospital"):
        assert not re.search(rf"\b{word}", message.subject, re.IGNORECASE), word
    body = message.body.replace("Heronsgate Therapy Rooms", "the practice")
    for word in ("therapy", "died", "death", "illness", "incapacity", "hospital"):
        assert not re.search(rf"\b{word}\b", body, re.IGNORECASE), word
    assert NOTE_MARKER not in body and DISCLOSURE_MARKER not in body
    assert "Only say the practice's name" not in body  # guidance is for the executor


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"email": ""}, "no e-mail address for this client"),
        ({"preferred_contact": "phone"}, "asked to be contacted by phone call, not by e-mail"),
        ({"preferred_contact": "post"}, "print the letter and post it"),
    ],
)
def test_refused_without_an_address_or_when_the_client_asked_otherwise(
    will, executor, mailoutbox, django_capture_on_commit_callbacks, values, words
):
    activation, client = will
    for field, value in values.items():
        setattr(client, field, value)
    client.save()
    response = _send(executor, activation, client, django_capture_on_commit_callbacks)
    assert words in response.content.decode()
    assert mailoutbox == [] and not WillLetter.objects.exists()
    assert AuditEvent.objects.filter(action="will.refused", details__doing="email").exists()
    # the printed letter stays open to them
    assert b"Preview the letter" in response.content


def test_a_will_without_letters_refuses_the_e_mail(
    therapist, executor, admin_user, supervisor, supervised, mailoutbox
):
    client = make_client(therapist, email=ADDRESS, preferred_contact="email")
    activation = activated(named(therapist, executor, admin_user, letters=False), supervisor)
    with pytest.raises(services.WillRefused, match="does not let the executor write"):
        services.letter_email(actor=executor, activation=activation, client=client)
    assert mailoutbox == [] and not WillLetter.objects.exists()


def test_the_printed_letter_is_recorded_as_printed(will, executor):
    activation, client = will
    url = reverse("will_letter_pdf", kwargs={"ref": activation.ref, "client_ref": client.ref})
    assert signed_in(executor).get(url).status_code == 200
    assert WillLetter.objects.get().channel == "printed"
    page = signed_in(executor).get(
        reverse("will_client", kwargs={"ref": activation.ref, "client_ref": client.ref})
    )
    assert "Printed (PDF)" in page.content.decode()


def test_after_access_ends_nothing_is_sent(
    will, executor, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    activation, client = will
    services.activation_end(actor=admin_user, activation=activation)
    url = reverse("will_letter_email", kwargs={"ref": activation.ref, "client_ref": client.ref})
    response = signed_in(executor).post(url, {"form_token": new_token()})
    assert response.status_code == 403
    assert mailoutbox == [] and not WillLetter.objects.exists()
