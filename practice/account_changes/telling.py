"""Telling the owner of a change, at the old and the new address, with no link that acts."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from practice import access_grants
from practice.access_grants import GRANT_KINDS
from practice.account_changes.rules import SERVER_LABEL, Status
from practice.models import (
    AccountChange,
    PracticeProfile,
    User,
)


def tell(addresses: list[str], subject: str, body: str) -> None:
    addresses = sorted({address for address in addresses if address})
    if not addresses:
        return
    practice = PracticeProfile.load().name or "your practice"
    text = (
        f"{body}\n\nIf you did not expect this, tell another admin or your supervisor at "
        f"{practice} straight away. This message has no link: sign in as you usually do.\n"
    )
    transaction.on_commit(lambda: send_mail(subject, text, None, addresses, fail_silently=False))


def moment_text(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y at %H:%M")


def what(change: AccountChange) -> str:
    """The change in words: 'second-factor reset', 'grant of … (the therapist role for x)'."""
    if change.kind in GRANT_KINDS:
        return f"{change.get_kind_display()} ({access_grants.describe_grant(change)})"
    return change.get_kind_display()


def describe(change: AccountChange) -> str:
    """'Your second-factor reset was asked by admin on … and approved by supervisor on …'."""
    asked = change.requested_by.username if change.requested_by_id else SERVER_LABEL
    text = f"Your {what(change)} was asked for by {asked} on {moment_text(change.requested_at)}"
    if change.status == Status.APPLIED and change.decided_at:
        text += f" and approved by {change.decided_by_label} on {moment_text(change.decided_at)}"
    return text + "."


def told_of(change: AccountChange) -> list[str]:
    """Who hears of a change: the owner; for a grant also the person who gains access and
    the practice's own address, so a one-admin practice has a witness."""
    addresses = [change.account.email]
    if change.kind in GRANT_KINDS:
        addresses += [change.counterpart.email if change.counterpart_id else ""]
        addresses += [PracticeProfile.load().email]
    return addresses


def sign_in_notices(user: User) -> list[str]:
    """What to tell the owner at sign-in: changes made to the account since they last knew.

    Marks them told, so each is said once.
    """
    changes = list(
        AccountChange.objects.filter(
            account=user, status=Status.APPLIED, owner_told_at__isnull=True
        ).select_related("requested_by", "account", "counterpart")
    )
    if changes:
        AccountChange.objects.filter(pk__in=[c.pk for c in changes]).update(
            owner_told_at=timezone.now()
        )
    return [describe(change) for change in changes]
