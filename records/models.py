"""Pseudonymous case files: sessions and encrypted notes, known only by `record_ref`.

Nothing here names a client or holds a contact detail, and nothing imports `clients`.
Every text about a client's inner life is an `EncryptedTextField`.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from practice import keyring
from practice.fields import EncryptedTextField

_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_record_ref() -> str:
    """A random, meaningless reference: 'R-' and 12 characters (60 bits)."""
    return "R-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(12))


class CaseFile(models.Model):
    record_ref = models.CharField(
        max_length=20, unique=True, default=new_record_ref, editable=False
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_files"
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    last_contact_on = models.DateField(null=True, blank=True)
    # The case file's data key, wrapped by a key-encryption key. Emptied on disposal.
    wrapped_key = models.TextField(editable=False)
    records_consent_at = models.DateTimeField(null=True, blank=True)
    records_consent_source = models.CharField(max_length=40, blank=True)
    records_consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    consent_override_at = models.DateTimeField(null=True, blank=True)
    consent_override_reason = EncryptedTextField(max_plaintext=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="casefile_closed_after_opened",
            )
        ]

    def __str__(self) -> str:
        return self.record_ref

    # The case file is its own encryption owner; `ref` in associated data is its record_ref.
    @property
    def ref(self) -> str:
        return self.record_ref

    def encryption_owner(self) -> CaseFile:
        return self

    def data_key(self) -> bytes:
        if not hasattr(self, "_data_key"):
            self._data_key = keyring.unwrap_data_key(self.wrapped_key, owner=self.record_ref)
        return self._data_key

    @property
    def has_records_consent(self) -> bool:
        return self.records_consent_at is not None and self.records_consent_withdrawn_at is None

    @property
    def consent_withdrawn(self) -> bool:
        return self.records_consent_withdrawn_at is not None

    @property
    def writing_without_consent(self) -> bool:
        """Notes are being written under a recorded reason, and consent is still not in."""
        return self.consent_override_at is not None and not self.has_records_consent

    @property
    def may_write_notes(self) -> bool:
        if self.consent_withdrawn:
            return False
        return self.has_records_consent or self.consent_override_at is not None


class Session(models.Model):
    class Modality(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Telephone"
        TEXT = "text", "Text-based (chat or e-mail)"

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "Attended"
        CANCELLED = "cancelled", "Cancelled"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=50)
    modality = models.CharField(max_length=20, choices=Modality.choices, default=Modality.IN_PERSON)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.ATTENDED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480),
                name="session_duration_sane",
            )
        ]

    def __str__(self) -> str:
        return f"session {self.ref}"


class Note(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="notes")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    body = EncryptedTextField(encrypt_empty=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    written_without_consent = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", signed_at__isnull=True)
                | Q(status="signed", signed_at__isnull=False),
                name="note_signed_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"note {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.case_file

    def encryption_context(self) -> str:
        """The body is bound to this version and state: set them before `set_body`."""
        return f"v{self.version}|{self.status}"

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class Addendum(models.Model):
    """A correction or addition to a signed note. Notes are never overwritten once signed."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="addenda")
    body = EncryptedTextField(max_plaintext=20_000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"addendum {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.note.case_file
