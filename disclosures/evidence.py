"""Evidence kept with a disclosure request (issue 24, item 4): the court order or summons,
the written request from the police or a council, the client's signed authority, the
recipient's acknowledgement. Each a PDF or an image, its size limited and its content checked
against its type before anything is kept; kept encrypted with the case file's key, so the
case file's disposal destroys it with the rest.

The rules are here, once: what kinds of evidence there are, which file types are accepted
(by their first bytes, never by the name or the browser's word alone), and the size limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class EvidenceKind(models.TextChoices):
    COURT_ORDER = "court_order", "The court order or witness summons"
    OFFICIAL_REQUEST = "official_request", "The written request from the police or a council"
    CLIENT_AUTHORITY = "client_authority", "The client's signed authority"
    ACKNOWLEDGEMENT = "acknowledgement", "The recipient's acknowledgement"
    OTHER = "other", "Other correspondence about the request"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]
    magic: bytes
    label: str


ACCEPTED = (
    FileType("application/pdf", (".pdf",), b"%PDF-", "PDF"),
    FileType("image/png", (".png",), b"\x89PNG\r\n\x1a\n", "PNG image"),
    FileType("image/jpeg", (".jpg", ".jpeg"), b"\xff\xd8\xff", "JPEG image"),
)

MAX_NAME = 200


def max_bytes() -> int:
    return settings.DISCLOSURE_EVIDENCE_MAX_BYTES


def size_words(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def checked(*, name: str, declared_type: str, content: bytes) -> tuple[str, FileType]:
    """The file's safe name and its type, or ValidationError saying what is wrong. The type
    must be accepted, the name's extension and the type the browser declared must agree with
    it, and the first bytes must be that type's."""
    if not content:
        raise ValidationError({"file": "The file is empty."})
    if len(content) > max_bytes():
        raise ValidationError(
            {"file": f"The file is too big: at most {size_words(max_bytes())} is accepted."}
        )
    safe = PurePath(name.replace("\\", "/")).name.strip()[:MAX_NAME] or "evidence"
    extension = PurePath(safe).suffix.lower()
    kind = next((t for t in ACCEPTED if extension in t.extensions), None)
    if kind is None:
        raise ValidationError(
            {"file": "Only a PDF, or a PNG or JPEG image (a photo or scan), is accepted."}
        )
    if declared_type.split(";")[0].strip().lower() != kind.content_type:
        raise ValidationError(
            {"file": f"The file is named as a {kind.label} but was sent as another type."}
        )
    if not content.startswith(kind.magic):
        raise ValidationError(
            {"file": f"The file's content is not a {kind.label}, whatever its name says."}
        )
    return safe, kind
