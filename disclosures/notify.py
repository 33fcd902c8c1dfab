"""E-mail that something is waiting: sent after commit, and never a word about the client.

No name, no kind, no content: only that a request needs attention, and a link to sign in
and see it (absolute when the caller names the site, `site_url`). A rolled-back action
sends nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from disclosures.models import DisclosureRequest
from practice.permissions import supervisors_of

SUBJECT_REVIEW = "A request is waiting for your review"
SUBJECT_EMERGENCY = "A review is due within two working days"
SUBJECT_DECISION = "A decision was made on your request"

BODY = """Hello,

{what}

Sign in to see it:
{url}

This message says nothing more on purpose: everything else is in the app.
"""


def _url(name: str, ref, site_url: str) -> str:
    return site_url + reverse(name, kwargs={"ref": ref})


def _send(subject: str, what: str, url: str, recipients: list[str]) -> None:
    if recipients:
        send_mail(
            subject,
            BODY.format(what=what, url=url),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )


def after_commit_to_supervisors(row: DisclosureRequest, *, site_url: str, emergency: bool) -> None:
    recipients = sorted(
        {
            email
            for email in supervisors_of(row.therapist_id).values_list("email", flat=True)
            if email
        }
    )
    url = _url("disclosure_review", row.ref, site_url)
    if emergency:
        subject = SUBJECT_EMERGENCY
        what = (
            "A therapist you supervise acted at once on an immediate risk. Please review "
            f"what they did by {row.review_due_on:%d %B %Y}."
        )
    else:
        subject = SUBJECT_REVIEW
        what = "A therapist you supervise has sent you a request for your decision."
    transaction.on_commit(lambda: _send(subject, what, url, recipients))


def after_commit_to_therapist(row: DisclosureRequest, *, site_url: str) -> None:
    email = row.therapist.email
    url = _url("disclosure_detail", row.ref, site_url)
    what = "Your supervisor has responded to one of your requests."
    transaction.on_commit(lambda: _send(SUBJECT_DECISION, what, url, [email] if email else []))
