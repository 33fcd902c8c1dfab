"""A complaint's letter e-mailed to the person who complained (DPA 2018 s.164A(3)-(4)):
when a complaint is acknowledged or closed and the way to reply to them is an e-mail
address, the letter goes to it as a PDF attachment once the step has committed (a
rolled-back step e-mails nobody), and each sending is kept (`ComplaintLetterSending`):
when, which letter, sent or not. A failure is recorded and shown to the admin, never
hidden and never undoing the letter, which stays issued and downloadable.

The message says only what is needed: a neutral subject that never says therapy or
counselling (an inbox or a lock screen may be seen by someone else), the complaint's
reference, and the practice that sent it."""

from __future__ import annotations

import re
import smtplib
from email.utils import formataddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from practice import audit
from practice.actions import part_of_action, reads
from practice.models import PracticeProfile, User
from rights.audit_actions import Action
from rights.models import Complaint, ComplaintLetter, LetterKind
from rights.sendings import ComplaintLetterSending, SendingStatus

SUBJECTS = {
    LetterKind.ACKNOWLEDGEMENT: "We have received your complaint ({reference})",
    LetterKind.OUTCOME: "The outcome of your complaint ({reference})",
}

BODIES = {
    LetterKind.ACKNOWLEDGEMENT: "Thank you for your complaint. Our letter acknowledging it is "
    "attached, with when you can expect to hear from us.",
    LetterKind.OUTCOME: "We have finished looking into your complaint. Our letter with the "
    "outcome is attached, with what you can do if you are not satisfied.",
}

MESSAGE = """Hello,

{what}

Your reference is {reference}. The letter is a PDF; please keep it.

If you did not make this complaint, or you cannot open the letter, please reply to this
message.

{practice}
"""

_ADDRESS = re.compile(r"[^\s<>(),;:\"']+@[^\s<>(),;:\"']+")


@reads("the e-mail address a complaint's reply goes to, found in its contact details")
def reply_address(complaint: Complaint) -> str | None:
    """The e-mail address in how the person asked to be replied to, if there is one."""
    for candidate in _ADDRESS.findall(complaint.get_complainant_contact()):
        candidate = candidate.rstrip(".")
        try:
            validate_email(candidate)
        except ValidationError:
            continue
        return candidate
    return None


def _message(letter: ComplaintLetter, *, pdf: bytes, to: str) -> EmailMessage:
    practice = PracticeProfile.load()
    name = practice.name.strip() or "The practice"
    sender = (
        formataddr((name, practice.email.strip()))
        if practice.email.strip()
        else settings.DEFAULT_FROM_EMAIL
    )
    reference = letter.complaint.reference
    body = MESSAGE.format(what=BODIES[letter.kind], reference=reference, practice=name)
    message = EmailMessage(
        SUBJECTS[letter.kind].format(reference=reference),
        body,
        sender,
        [to],
        reply_to=[practice.email.strip()] if practice.email.strip() else None,
    )
    message.attach(f"{reference}-{letter.kind}.pdf", pdf, "application/pdf")
    return message


@part_of_action("the step that issues a complaint's letter (acknowledge or close)")
def letter_email(*, actor: User, letter: ComplaintLetter, pdf: bytes):
    """A piece of the step that issued `letter`, inside its transaction: the sending is
    recorded, and the e-mail goes once the step commits. None when there is no address."""
    to = reply_address(letter.complaint)
    if to is None:
        return None
    sending = ComplaintLetterSending.objects.create(letter=letter)
    message = _message(letter, pdf=pdf, to=to)
    transaction.on_commit(lambda: _send(actor=actor, sending=sending, message=message))
    return sending


def _send(*, actor: User, sending: ComplaintLetterSending, message: EmailMessage) -> None:
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError, ValueError) as error:
        sending.status, sending.failure = SendingStatus.FAILED, type(error).__name__[:60]
    else:
        sending.status = SendingStatus.SENT
    sending.finished_at = timezone.now()
    letter = sending.letter
    with transaction.atomic(durable=True):
        sending.save(update_fields=["status", "failure", "finished_at"])
        audit.record(
            action=Action.COMPLAINT_LETTER_EMAILED
            if sending.status == SendingStatus.SENT
            else Action.COMPLAINT_LETTER_NOT_EMAILED,
            actor=actor,
            target_ref=letter.complaint.reference,
            details={"kind": letter.kind, "sending": str(sending.ref), "failure": sending.failure},
        )


@reads("how a letter's e-mailing went, for the admin")
def sending_news(letter: ComplaintLetter) -> tuple[str, str]:
    """What the admin is told after the step: (a message level, the words)."""
    sending = letter.sendings.order_by("-queued_at", "-pk").first()
    if sending is None:
        return "info", (
            "The person gave no e-mail address: download the letter and send it the way "
            "they asked to be replied to."
        )
    if sending.status == SendingStatus.SENT:
        return "success", "The letter was e-mailed to the person as a PDF."
    if sending.status == SendingStatus.FAILED:
        return (
            "error",
            "The letter could not be e-mailed. It is kept here: download it and send it "
            "another way, by post or from your own e-mail.",
        )
    return "info", "The letter is waiting to be e-mailed."
