"""The invitation that lets a person named by e-mail make their executor account.

The message says only that the practice invites them to make a staff account: nothing
about therapy, a professional will or anyone's clients (an inbox may be read by others).
The link works once, until it expires; the token is kept only as its hash
(`practice.links`), and the account it makes must set up two-step sign-in before the
naming can be used.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from practice import links
from practice.links import LinkRefused
from practice.models import PracticeProfile
from wills.models import Nomination

SUBJECT = "An invitation to create your account"

MESSAGE = """Hello,

{practice} has invited you to create a staff account, so that you can help the
practice if it asks you to. Please use the link below to choose a username and a
password; you will then set up two-step sign-in with an app on your phone.

{url}

The link works once and stops working on {expires}. If you were not expecting this
message, you can ignore it, or tell {practice}.

{practice}
"""


def url_of(token: str, site_url: str) -> str:
    return site_url + reverse("will_invitation", kwargs={"token": token})


def message(*, url: str, expires, to: str) -> EmailMessage:
    name, sender = links.practice_sender(PracticeProfile.load())
    body = MESSAGE.format(
        practice=name,
        url=url,
        expires=timezone.localtime(expires).strftime("%d %B %Y at %H:%M"),
    )
    return EmailMessage(SUBJECT, body, sender, [to])


def nomination_for_token(token: str, *, lock: bool) -> Nomination:
    """The naming behind a usable invitation, or LinkRefused saying why not."""
    if not links.well_formed(token):
        raise LinkRefused(links.NOT_VALID, 404)
    queryset = Nomination.objects.select_related("therapist")
    if lock:
        queryset = queryset.select_for_update()
    nomination = queryset.filter(invitation_token_hash=links.token_hash(token)).first()
    if nomination is None:
        raise LinkRefused(links.NOT_VALID, 404)
    if nomination.invitation_used_at is not None or nomination.executor_id is not None:
        raise LinkRefused(
            "This link has already been used to create an account. Nothing has changed. "
            "Sign in with the username you chose.",
            410,
        )
    if nomination.withdrawn_at is not None:
        raise LinkRefused(
            "This invitation is no longer needed. Nothing has changed.",
            410,
        )
    if nomination.invitation_expires_at is None or nomination.invitation_expires_at <= (
        timezone.now()
    ):
        raise LinkRefused(
            "This link has expired. Nothing has changed. Ask the practice to send a new one.",
            410,
        )
    return nomination
