"""The complainant gets the letter by e-mail (DPA 2018 s.164A(3)-(4)): when a complaint made
through the public form, or logged with an e-mail address, is acknowledged or closed, the
letter goes as a PDF attachment once the step commits, under a neutral subject, the body
holding only what is needed; each sending is kept, without the address; a failure is
recorded, shown to the admin and never undoes the letter."""

from __future__ import annotations

import hashlib
import json
import smtplib

import pytest
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from practice.models import AuditEvent
from rights import services
from rights.sendings import ComplaintLetterSending
from rights.services.complaint_mail import reply_address
from tests.conftest import signed_in
from tests.rights.builders import logged

ADDRESS = "jo.complains@example.invalid"
WORDS = "Thistlewhistleq my records were shared"
NAME = "Jo Fernhollowq"


def _from_the_form(contact=ADDRESS):
    return services.complaint_submit(name=NAME, contact=contact, about=WORDS)


def _acknowledge(admin, complaint, capture):
    with capture(execute=True):
        return services.complaint_acknowledge(actor=admin, complaint=complaint)


def test_the_acknowledgement_goes_by_email_as_the_pdf_kept(
    admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    complaint = _from_the_form()
    letter = _acknowledge(admin_user, complaint, django_capture_on_commit_callbacks)
    (mail,) = mailoutbox
    assert mail.to == [ADDRESS]
    assert complaint.reference in mail.subject
    for word in ("therap", "counsel", "psych"):
        assert word not in mail.subject.lower() and word not in mail.body.lower()
    assert NAME not in mail.body and "Thistlewhistleq" not in mail.body
    ((filename, content, mimetype),) = mail.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    assert hashlib.sha256(content).hexdigest() == letter.sha256  # the letter as kept
    (sending,) = ComplaintLetterSending.objects.all()
    assert sending.letter == letter and sending.status == "sent" and sending.finished_at
    event = AuditEvent.objects.get(action="complaint.letter_emailed")
    assert event.details["kind"] == "acknowledgement" and event.target_ref == complaint.reference
    # The address is not kept again, in the sending or on the trail.
    stored = json.dumps([list(ComplaintLetterSending.objects.values()), event.details], default=str)
    assert ADDRESS not in stored and "example.invalid" not in stored


def test_the_outcome_goes_too(admin_user, mailoutbox, django_capture_on_commit_callbacks):
    complaint = _from_the_form(contact=f"E-mail me at <{ADDRESS}>, not by phone.")
    _acknowledge(admin_user, complaint, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.complaint_close(actor=admin_user, complaint=complaint, outcome="Fixed.")
    assert [mail.to for mail in mailoutbox] == [[ADDRESS], [ADDRESS]]
    assert "outcome" in mailoutbox[1].subject.lower()
    assert letter.sendings.get().status == "sent"


def test_a_complaint_logged_with_a_postal_address_is_not_emailed(
    admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    complaint = logged(admin_user)  # contact: an address, then changed to a postal one
    complaint.set_complainant_contact("12 High Street, Anytown")
    complaint.save()
    _acknowledge(admin_user, complaint, django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not ComplaintLetterSending.objects.exists()
    page = signed_in(admin_user).get(reverse("complaint_detail", kwargs={"ref": complaint.ref}))
    assert "Not e-mailed: the person did not give an e-mail address" in page.content.decode()


def test_a_refused_step_emails_nobody(admin_user, mailoutbox, django_capture_on_commit_callbacks):
    complaint = _from_the_form()
    _acknowledge(admin_user, complaint, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        services.complaint_acknowledge(actor=admin_user, complaint=complaint)
    assert len(mailoutbox) == 1 and ComplaintLetterSending.objects.count() == 1


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_a_failure_is_kept_and_shown_to_the_admin_and_the_letter_stands(
    admin_user, mailoutbox, monkeypatch
):
    """Real commits, so the e-mail is tried as the step commits, before the page answers."""

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"no such user")})

    monkeypatch.setattr(EmailMessage, "send", refuse)
    complaint = _from_the_form()
    browser = signed_in(admin_user)
    response = browser.post(
        reverse("complaint_acknowledge", kwargs={"ref": complaint.ref}),
        {"acknowledged_on": timezone.localdate().isoformat()},
        follow=True,
    )
    page = response.content.decode()
    assert "The letter could not be e-mailed" in page  # told at once
    assert "Could not be e-mailed" in page and "SMTPRecipientsRefused" in page  # and kept
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged" and complaint.letters.count() == 1
    (sending,) = ComplaintLetterSending.objects.all()
    assert sending.status == "failed" and sending.failure == "SMTPRecipientsRefused"
    event = AuditEvent.objects.get(action="complaint.letter_not_emailed")
    assert event.details["failure"] == "SMTPRecipientsRefused"
    assert ADDRESS not in json.dumps(event.details)
    # Still there the next time the page is opened.
    again = browser.get(reverse("complaint_detail", kwargs={"ref": complaint.ref}))
    assert "Could not be e-mailed" in again.content.decode()


@pytest.mark.parametrize(
    ("contact", "address"),
    [
        (ADDRESS, ADDRESS),
        (f"Please write to {ADDRESS}.", ADDRESS),
        ("07700 900123", None),
        ("12 High Street, Anytown", None),
        ("not@an address", None),
    ],
)
def test_the_reply_address_is_found_in_how_they_asked_to_be_replied_to(db, contact, address):
    complaint = _from_the_form(contact=contact)
    assert reply_address(complaint) == address
