"""Signing-link tokens and the e-mail that carries them.

The token is never stored, only its SHA-256; a new link replaces the old one. The e-mail
names the practice and comes from its address, and its subject says nothing about therapy.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contracting import selectors
from contracting.audit_actions import Action
from contracting.models import Agreement, AgreementDocument
from contracting.services.base import require_own
from contracting.transitions import AGREEMENT
from practice import audit, links
from practice.actions import reads
from practice.links import LinkRefused
from practice.models import PracticeProfile, User

# Says nothing about therapy: an inbox or a lock screen may be seen by someone else.
LINK_SUBJECT = "Two documents to read and confirm"

LINK_MESSAGE = """Hello,

{practice} has sent you two documents to read. Please use the link below to read them and
confirm that you have received them.

{url}

The link works once and stops working on {expires}. If you were not expecting this
message, you can ignore it.

{practice}
"""


@reads("the hash a link is found by")
def token_hash(token: str) -> str:
    return links.token_hash(token)


def _link_url(token: str, site_url: str) -> str:
    return site_url + reverse("contracting_sign", kwargs={"token": token})


@reads("the message, built; the caller sends it on commit")
def link_email(*, url: str, expires, to: str) -> EmailMessage:
    """The message carrying a signing link, from the practice's own address."""
    name, sender = links.practice_sender(PracticeProfile.load())
    body = LINK_MESSAGE.format(
        practice=name,
        url=url,
        expires=timezone.localtime(expires).strftime("%d %B %Y at %H:%M"),
    )
    return EmailMessage(LINK_SUBJECT, body, sender, [to])


def agreement_send(
    *,
    actor: User,
    agreement: Agreement,
    email: str = "",
    site_url: str = "",
) -> str:
    """Make a new single-use signing link (any earlier one stops working) and return its URL.

    The therapist chooses whether it goes by e-mail: it is sent to `email`, when given,
    after the transaction commits. `site_url` (`https://host`) makes the link absolute."""
    require_own(actor, agreement.case_file)
    token = links.new_token()
    now = timezone.now()
    expires = now + timedelta(hours=settings.CONTRACT_LINK_HOURS)
    with transaction.atomic(durable=True):
        agreement = AGREEMENT.locked_move(
            agreement,
            actor=actor,
            action="send",
            queryset=Agreement.objects.select_related("case_file"),
        )
        agreement.link_token_hash = token_hash(token)
        agreement.link_sent_at = now
        agreement.link_expires_at = expires
        agreement.link_opened_at = None
        agreement.save()
        audit.record(
            action=Action.SENT,
            actor=actor,
            target_ref=agreement.case_file.record_ref,
            details={
                "agreement": str(agreement.ref),
                "emailed": bool(email),
                "hours": settings.CONTRACT_LINK_HOURS,
            },
        )
        url = _link_url(token, site_url)
        if email:
            message = link_email(url=url, expires=expires, to=email)
            transaction.on_commit(lambda: message.send(fail_silently=False))
    return url


# -- the link, from the client's side ----------------------------------------------------


_NOT_VALID = links.NOT_VALID


@reads("the agreement behind a link; with lock=True, inside the caller's action")
def agreement_for_token(token: str, *, lock: bool) -> Agreement:
    """The agreement behind a usable link, or LinkRefused saying why not."""
    if not links.well_formed(token):
        raise LinkRefused(_NOT_VALID, 404)
    queryset = Agreement.objects.select_related("case_file")
    if lock:
        queryset = queryset.select_for_update()
    agreement = queryset.filter(link_token_hash=token_hash(token)).first()
    if agreement is None:
        raise LinkRefused(_NOT_VALID, 404)
    if agreement.link_used_at is not None or agreement.status != Agreement.Status.SENT:
        raise LinkRefused(
            "This link has already been used or is no longer needed. Nothing has changed. "
            "If you think this is a mistake, ask your therapist.",
            410,
        )
    if agreement.link_expires_at is None or agreement.link_expires_at <= timezone.now():
        raise LinkRefused(
            "This link has expired. Nothing has changed. Ask your therapist for a new one.",
            410,
        )
    return agreement


def link_open(*, token: str) -> Agreement:
    """Someone opened a valid link: record it (the first time and every time)."""
    with transaction.atomic(durable=True):
        agreement = agreement_for_token(token, lock=True)
        first = agreement.link_opened_at is None
        if first:
            agreement.link_opened_at = timezone.now()
            agreement.save(update_fields=["link_opened_at"])
        audit.record(
            action=Action.OPENED,
            actor_label="client",
            target_ref=agreement.case_file.record_ref,
            details={"agreement": str(agreement.ref), "first": first},
        )
    return agreement


@reads("the agreement behind a usable link, to show the form again")
def link_agreement(token: str) -> Agreement:
    """The agreement behind a usable link (no audit: for re-showing the form)."""
    return agreement_for_token(token, lock=False)


@reads("one of the link's two documents (link_document_read audits the reading)")
def link_document(
    *, token: str, kind: str, confirmed_this_visit: bool = False
) -> AgreementDocument:
    """One of the link's two documents, for reading (the link stays usable).

    After the client confirms, the link is spent, but the same visit may still download
    the two documents it agreed to: the view passes `confirmed_this_visit` from the
    client's own session, never from anything in the request."""
    try:
        agreement = agreement_for_token(token, lock=False)
    except LinkRefused:
        if not confirmed_this_visit:
            raise
        agreement = (
            Agreement.objects.select_related("case_file")
            .filter(link_token_hash=token_hash(token), status=Agreement.Status.ACKNOWLEDGED)
            .exclude(link_used_at=None)
            .first()
        )
        if agreement is None:
            raise
    document = agreement.documents.filter(kind=kind).first()
    if document is None:
        raise LinkRefused("There is no such document.", 404)
    document.agreement = agreement
    return document


def link_document_read(
    *, token: str, kind: str, confirmed_this_visit: bool = False
) -> tuple[AgreementDocument, bytes]:
    """The client downloads one of the link's PDFs; the read is recorded first."""
    document = link_document(token=token, kind=kind, confirmed_this_visit=confirmed_this_visit)
    with transaction.atomic(durable=True):
        audit.record(
            action=Action.DOCUMENT_READ,
            actor_label="client-link",
            target_ref=document.agreement.case_file.record_ref,
            details={
                "agreement": str(document.agreement.ref),
                "document": document.kind,
                "via": "signing_link",
            },
        )
    return document, selectors.document_pdf(document)
