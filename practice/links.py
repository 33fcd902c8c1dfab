"""Single-use links sent by e-mail (a client's signing link, an executor's invitation).

The token is shown once, in the e-mail, and never stored: only its SHA-256 is kept, so a
copy of the database opens nothing. The message comes from the practice's own address.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from email.utils import formataddr

from django.conf import settings

from practice.models import PracticeProfile

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


class LinkRefused(Exception):
    """The link cannot be used. `status` is the HTTP status; the message is for the page."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


NOT_VALID = "This link is not valid. Check that it was copied in full."


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def well_formed(token: str) -> bool:
    return bool(_TOKEN.match(token or ""))


def practice_sender(practice: PracticeProfile) -> tuple[str, str]:
    """The practice's name as a message signs it, and the From address."""
    name = practice.name.strip() or "Your therapist's practice"
    sender = (
        formataddr((name, practice.email.strip()))
        if practice.email.strip()
        else settings.DEFAULT_FROM_EMAIL
    )
    return name, sender
