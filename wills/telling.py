"""Telling the therapist that their professional will is being activated, at once, by
e-mail after the action commits (a rolled-back action tells nobody). The message names the
executor and the reason in general words, holds no link that acts, and no client data."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from practice.models import PracticeProfile
from wills.models import Activation


def _send(activation: Activation, subject: str, body: str) -> None:
    address = activation.therapist.email
    if not address:
        return
    practice = PracticeProfile.load().name or "your practice"
    text = (
        f"{body}\n\nIf this is a mistake, sign in to {practice} as you usually do and cancel "
        "it on your professional will page, or tell an admin straight away. This message "
        "has no link.\n"
    )
    transaction.on_commit(lambda: send_mail(subject, text, None, [address], fail_silently=False))


def _moment(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y at %H:%M")


def therapist_of_asking(activation: Activation) -> None:
    _send(
        activation,
        "Your professional will: an executor asked to activate it",
        f"{activation.executor.username} asked on {_moment(activation.asked_at)} to activate "
        f"your professional will ({activation.get_reason_display().lower()}). A second "
        "person must approve before anything opens.",
    )


def therapist_of_approval(activation: Activation) -> None:
    _send(
        activation,
        "Your professional will: activation approved",
        f"The activation asked by {activation.executor.username} was approved. Unless you "
        f"cancel it first, {activation.executor.username} will be able to see your clients' "
        f"names and contact details from {_moment(activation.starts_at)} until "
        f"{_moment(activation.ends_at)}; never your notes.",
    )
