"""Subject access requests (UK GDPR Art. 15): the request, its clock, and its redactions.

A request knows its client only by the case file's `record_ref` (no foreign key, so the
case file can be disposed of). The compiled draft and the released archive live encrypted
in file storage, never in a row; the row keeps the archive's SHA-256 and its manifest.
Redactions apply to the export only: the record itself is never changed.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from practice.fields import EncryptedTextField
from subject_access import deadlines

_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """The reference printed on every page of the answer: 'SAR-' and 8 characters."""
    return "SAR-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class Status(models.TextChoices):
    AWAITING_IDENTITY = "awaiting_identity", "Waiting for the identity check"
    OPEN = "open", "Open: ready to compile"
    AWAITING_CLARIFICATION = "awaiting_clarification", "Waiting for a clarification"
    COMPILING = "compiling", "Compiling"
    IN_REVIEW = "in_review", "With the therapist for review"
    REVIEWED = "reviewed", "Reviewed: ready to release"
    RELEASED = "released", "Released"
    REFUSED = "refused", "Refused"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    POST = "post", "Post"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Telephone"
    OTHER = "other", "Another way (social media, a form)"


class Requester(models.TextChoices):
    CLIENT = "client", "The client"
    PARENTAL = "parental", "A person with parental responsibility for the client"
    REPRESENTATIVE = "representative", "Someone acting for the client (a solicitor, an attorney)"


class Authority(models.TextChoices):
    NOT_NEEDED = "", "Not needed: the client asked"
    WRITTEN_CONSENT = "written_consent", "The client's signed authority, seen"
    POWER_OF_ATTORNEY = "power_of_attorney", "Lasting power of attorney or court order, seen"
    PARENTAL = "parental", "Parental responsibility confirmed"


class IdentityMethod(models.TextChoices):
    KNOWN = "known", "Known to the practice (request from contact details on file)"
    PHOTO_ID = "photo_id", "Photo identity document seen"
    DOCUMENTS = "documents", "Documents sent by post and checked"


class Competence(models.TextChoices):
    NOT_APPLICABLE = "", "Not applicable: the client is an adult or asked for themselves"
    COMPETENT_AGREES = "competent_agrees", "Able to decide, and agrees to the request"
    COMPETENT_OBJECTS = "competent_objects", "Able to decide, and does not want it answered"
    NOT_COMPETENT = "not_competent", "Not yet able to decide for themselves"


class ExtensionReason(models.TextChoices):
    COMPLEX = "complex", "The request is complex"
    NUMEROUS = "numerous", "The person has made a number of requests"


class Exemption(models.TextChoices):
    THIRD_PARTY = "third_party", "Information about another person (DPA 2018 Sch. 2 Part 3)"
    SERIOUS_HARM = "serious_harm", "Likely to cause serious harm (DPA 2018 Sch. 3 Part 2)"
    CRIME = "crime", "Would prejudice the prevention or detection of crime (Sch. 2 Part 1)"
    MANIFESTLY_UNFOUNDED = "unfounded", "Manifestly unfounded or excessive (Art. 12(5))"


class SubjectAccessRequest(models.Model):
    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    record_ref = models.CharField(max_length=20, db_index=True)
    status = models.CharField(max_length=24, choices=Status.choices)
    nation = models.CharField(max_length=3)  # the practice's nation when logged

    received_on = models.DateField()
    channel = models.CharField(max_length=12, choices=Channel.choices)
    requester = models.CharField(max_length=16, choices=Requester.choices)
    requester_name = EncryptedTextField(max_plaintext=200)  # only when not the client
    authority = models.CharField(max_length=20, choices=Authority.choices, blank=True)
    young_person_competence = models.CharField(
        max_length=20, choices=Competence.choices, blank=True
    )
    young_person_wishes = EncryptedTextField(max_plaintext=2000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField()

    identity_method = models.CharField(max_length=12, choices=IdentityMethod.choices, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    identity_verified_on = models.DateField(null=True, blank=True)

    clarification_requested_on = models.DateField(null=True, blank=True)
    clarification_received_on = models.DateField(null=True, blank=True)

    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.CharField(max_length=12, choices=ExtensionReason.choices, blank=True)
    extension_told_on = models.DateField(null=True, blank=True)

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    compile_job_id = models.CharField(max_length=64, blank=True)
    compile_done = models.PositiveIntegerField(default=0)
    compile_total = models.PositiveIntegerField(default=0)
    compile_heartbeat_at = models.DateTimeField(null=True, blank=True)
    compile_failed = models.BooleanField(default=False)
    compiled_at = models.DateTimeField(null=True, blank=True)
    draft_name = models.CharField(max_length=200, blank=True)  # file storage, encrypted
    reviewed_at = models.DateTimeField(null=True, blank=True)

    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_method = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    archive_name = models.CharField(max_length=200, blank=True)  # file storage, encrypted
    archive_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    manifest = models.JSONField(default=dict, blank=True)  # file name -> SHA-256
    exemption = models.CharField(max_length=16, choices=Exemption.choices, blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)
    # Withholding unit reference -> how many of the draft's items belong to it, for units
    # held back when the draft was compiled (references and counts only: never content).
    held_back_units = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extension_months__lte=deadlines.MAX_EXTENSION_MONTHS),
                name="sar_extension_at_most_two_months",
            ),
            models.CheckConstraint(
                condition=~Q(status="released") | ~Q(archive_sha256=""),
                name="sar_released_has_archive_hash",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(exemption=""),
                name="sar_refusal_names_exemption",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def encryption_owner(self):
        from records.models import CaseFile

        if not hasattr(self, "_case_file"):
            self._case_file = CaseFile.objects.get(record_ref=self.record_ref)
        return self._case_file

    @property
    def clock_start(self) -> date | None:
        """The day the month starts: receipt, or the later identity check or clarification.
        None while the clock is stopped (identity unchecked, clarification awaited)."""
        if self.identity_verified_on is None:
            return None
        if self.status == Status.AWAITING_CLARIFICATION:
            return None
        days = [self.received_on, self.identity_verified_on]
        if self.clarification_received_on:
            days.append(self.clarification_received_on)
        return max(days)

    @property
    def first_month_due_on(self) -> date | None:
        """The unextended due date: an extension must be told to the person by then."""
        start = self.clock_start
        return deadlines.due_date(start, nation=self.nation) if start else None

    @property
    def due_on(self) -> date | None:
        start = self.clock_start
        if start is None:
            return None
        return deadlines.due_date(start, nation=self.nation, extension_months=self.extension_months)

    @property
    def is_closed(self) -> bool:
        return self.status in (Status.RELEASED, Status.REFUSED)

    @property
    def progress_percent(self) -> int:
        if not self.compile_total:
            return 0
        return min(100, round(100 * self.compile_done / self.compile_total))


class Redaction(models.Model):
    """A passage withheld from the answer, with the reason. The record is never changed: the
    passage is kept (encrypted) only so the same words can be withheld from the export."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="redactions"
    )
    item_key = models.CharField(max_length=120)  # "<model label>:<row ref>:<field>"
    passage = EncryptedTextField(max_plaintext=5000)
    reason = models.CharField(max_length=16, choices=Exemption.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"redaction {self.ref}"

    def encryption_owner(self):
        return self.request.encryption_owner()


# The exemptions a reviewer may name when withholding a held-back disclosure request.
HELD_BACK_EXEMPTIONS = [
    (Exemption.CRIME.value, Exemption.CRIME.label),
    (Exemption.SERIOUS_HARM.value, Exemption.SERIOUS_HARM.label),
    (Exemption.THIRD_PARTY.value, Exemption.THIRD_PARTY.label),
]


class HeldBackDecision(models.Model):
    """The reviewer's decision on one undecided disclosure request held back from an answer:
    include it (with the reason) or withhold it under a named exemption. Restricted ones
    need none: nobody may include them while the restriction stands."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="held_back_decisions"
    )
    unit_ref = models.CharField(max_length=64)
    include = models.BooleanField()
    exemption = models.CharField(max_length=16, choices=HELD_BACK_EXEMPTIONS, blank=True)
    reason = EncryptedTextField(max_plaintext=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "unit_ref"], name="sar_one_decision_per_held_back_unit"
            ),
            models.CheckConstraint(
                condition=Q(include=True, exemption="") | Q(include=False) & ~Q(exemption=""),
                name="sar_held_back_withheld_names_exemption",
            ),
        ]

    def __str__(self) -> str:
        return f"held-back decision {self.ref}"

    def encryption_owner(self):
        return self.request.encryption_owner()
