"""Contract and privacy-notice templates, and the agreements made with clients from them.

A published template version is never changed: a new version supersedes it. An agreement
belongs to a case file (never to the identity tables) and keeps the exact PDFs given to
the client, encrypted with the case file's key because they carry the client's name, with
the SHA-256 of each PDF in plaintext so anyone can check a copy.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from practice.fields import EncryptedTextField
from records.models import CaseFile

MAX_PDF_BASE64 = 10_000_000


class Kind(models.TextChoices):
    CONTRACT = "contract", "Confidentiality agreement"
    PRIVACY_NOTICE = "privacy_notice", "Privacy notice"


class Variant(models.TextChoices):
    ADULT = "adult", "Adult"
    YOUNG_PERSON = "young_person", "Young person consenting for themselves"
    PARENTAL = "parental", "Person with parental responsibility"


class Signer(models.TextChoices):
    CLIENT = "client", "The client"
    PARENTAL = "parental", "A person with parental responsibility"


class DocumentTemplate(models.Model):
    """One published version of one document for one audience. Immutable once saved."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    variant = models.CharField(max_length=20, choices=Variant.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "variant", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "variant", "version"], name="template_version_unique"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="template_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.variant} v{self.version}"

    def save(self, *args, **kwargs):
        if getattr(self, "_published", False):
            raise ValidationError("A published template version cannot be changed; publish anew.")
        super().save(*args, **kwargs)
        self._published = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._published = True
        return instance


class Agreement(models.Model):
    """The contracting round with one client: two documents given, then acknowledged."""

    class Status(models.TextChoices):
        PREPARED = "prepared", "Prepared"
        SENT = "sent", "Sent"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        REPLACED = "replaced", "Replaced"

    class Method(models.TextChoices):
        PAPER = "paper", "Signed on paper in the session"
        LINK = "link", "Accepted by the client through a signing link"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="agreements")
    variant = models.CharField(max_length=20, choices=Variant.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREPARED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    # The young person's variant: the therapist's assessment that they understand and can
    # consent for themselves (Gillick competence), with the therapist's reasons, encrypted.
    competence_assessed = models.BooleanField(default=False)
    competence_notes = EncryptedTextField(max_plaintext=2000)

    # The signing link: only the SHA-256 of the token is kept.
    link_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    link_opened_at = models.DateTimeField(null=True, blank=True)
    link_used_at = models.DateTimeField(null=True, blank=True)

    # The acknowledgement.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    signed_by = models.CharField(max_length=10, choices=Signer.choices, blank=True)
    signer_name = EncryptedTextField(max_plaintext=200)
    # On paper: the therapist and client discussed the agreement. By link: the client read
    # the documents and accepted them. Each records what happened, never the other.
    discussed = models.BooleanField(default=False)
    read_and_accepted = models.BooleanField(default=False)
    consent_to_records = models.BooleanField(default=False)
    privacy_notice_provided = models.BooleanField(default=False)
    supervision_explained = models.BooleanField(default=False)
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)

    # Set when a newer template version for this audience is published after signing.
    outdated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="acknowledged")
                | (
                    Q(acknowledged_at__isnull=False)
                    & ~Q(method="")
                    & ~Q(signed_by="")
                    & Q(privacy_notice_provided=True, supervision_explained=True)
                    & (Q(method="paper", discussed=True) | Q(method="link", read_and_accepted=True))
                ),
                name="agreement_acknowledged_is_complete",
            ),
            models.CheckConstraint(
                condition=~Q(variant="young_person") | Q(competence_assessed=True),
                name="agreement_young_person_assessed",
            ),
        ]

    def __str__(self) -> str:
        return f"agreement {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.case_file

    @property
    def is_acknowledged(self) -> bool:
        return self.status == self.Status.ACKNOWLEDGED

    @property
    def confirmations(self) -> list[tuple[str, bool]]:
        """What the acknowledgement confirmed, worded for how it was made."""
        if self.method == self.Method.LINK:
            return [
                (
                    "The client read the documents and accepted them through the link",
                    self.read_and_accepted,
                ),
                (
                    "The client confirmed being given the privacy notice",
                    self.privacy_notice_provided,
                ),
                (
                    "The client confirmed understanding clinical supervision",
                    self.supervision_explained,
                ),
            ]
        return [
            ("Agreement discussed", self.discussed),
            ("Privacy notice provided", self.privacy_notice_provided),
            ("Supervision explained", self.supervision_explained),
        ]


class AgreementDocument(models.Model):
    """One document exactly as given to the client: the PDF, its hash and its HTML text."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="+")
    template_version = models.PositiveIntegerField()
    pdf = EncryptedTextField(max_plaintext=MAX_PDF_BASE64)  # base64 of the PDF bytes
    html = EncryptedTextField(max_plaintext=500_000)  # the rendered body, for the link page
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveIntegerField()
    generated_at = models.DateTimeField()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="agreement_document_once")
        ]

    def __str__(self) -> str:
        return f"agreement document {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.agreement.case_file
