"""Pseudonymous case files: sessions and encrypted notes, known only by `record_ref`.

Nothing here names a client or holds a contact detail, and nothing imports `clients`.
Every text about a client's inner life is an `EncryptedTextField`.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from practice import keyring
from practice.fields import EncryptedTextField

_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_record_ref() -> str:
    """A random, meaningless reference: 'R-' and 12 characters (60 bits)."""
    return "R-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(12))


class RecordsConsent(models.TextChoices):
    """Where the client stands on consent to keeping records: one clear, queryable state."""

    NOT_ASKED = "not_asked", "Not yet recorded"
    GIVEN = "given", "Consent recorded"
    DECLINED = "declined", "Records consent declined"
    WITHDRAWN = "withdrawn", "Consent withdrawn"


class RestrictionGround(models.TextChoices):
    """Why processing of a case file is restricted (UK GDPR Art. 18(1))."""

    ACCURACY = (
        "accuracy",
        "The client contests its accuracy, for the time to check it (Art. 18(1)(a))",
    )
    UNLAWFUL = (
        "unlawful",
        "The processing is unlawful and the client prefers restriction to erasure (Art. 18(1)(b))",
    )
    LEGAL_CLAIMS = "legal_claims", "The client needs it kept for legal claims (Art. 18(1)(c))"
    OBJECTION = "objection", "The client's objection is being decided (Art. 18(1)(d))"


RESTRICTION_PLAIN = {
    RestrictionGround.ACCURACY: "the client says it is not accurate, and it is being checked",
    RestrictionGround.UNLAWFUL: "the client asked for it to be kept but not used, rather than "
    "erased",
    RestrictionGround.LEGAL_CLAIMS: "the client needs it kept for a legal claim",
    RestrictionGround.OBJECTION: "the client has objected to how it is used, and that is being "
    "decided",
}


class CaseFileQuerySet(models.QuerySet):
    """ "Disposed" has one meaning: the data key is destroyed (`CaseFile.is_shredded`).
    The row may outlive the key for a moment while disposal deletes what it holds, so a
    file with no row and a file with no key are both gone; code asks these, never the
    key column itself."""

    def live(self) -> CaseFileQuerySet:
        return self.exclude(wrapped_key="")

    def therapy_ended(self) -> CaseFileQuerySet:
        return self.filter(closed_on__isnull=False)


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
    # Set only through records.services; the dates say when each step happened.
    records_consent = models.CharField(
        max_length=10, choices=RecordsConsent.choices, default=RecordsConsent.NOT_ASKED
    )
    records_consent_at = models.DateTimeField(null=True, blank=True)
    records_consent_declined_at = models.DateTimeField(null=True, blank=True)
    records_consent_source = models.CharField(max_length=40, blank=True)
    records_consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    consent_override_at = models.DateTimeField(null=True, blank=True)
    consent_override_reason = EncryptedTextField(max_plaintext=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when therapy ends, recomputed when the policy or the last contact changes
    # (records/retention.py). Disposal falls due the day after.
    retain_until = models.DateField(null=True, blank=True)
    retention_basis = models.CharField(max_length=10, blank=True)  # adult, child or unknown
    # A file kept by the adult period because the client's age is not known is held until an
    # admin confirms the adult rule applies (records/retention.py).
    adult_rule_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adult_rule_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Processing restricted (UK GDPR Art. 18): since when and on which ground; set and cleared
    # only by records.restriction, for a restriction request at the rights desk (its
    # reference in `restricted_by`). While set, the file may only be stored: read-only.
    restricted_since = models.DateField(null=True, blank=True)
    restriction_ground = models.CharField(
        max_length=14, choices=RestrictionGround.choices, blank=True
    )
    restricted_by = models.CharField(max_length=20, blank=True)

    objects = CaseFileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="casefile_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=~Q(records_consent="given") | Q(records_consent_at__isnull=False),
                name="casefile_consent_given_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(records_consent="declined")
                | Q(records_consent_declined_at__isnull=False),
                name="casefile_consent_declined_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(records_consent="withdrawn")
                | Q(records_consent_withdrawn_at__isnull=False),
                name="casefile_consent_withdrawn_is_dated",
            ),
            models.CheckConstraint(
                condition=Q(restricted_since__isnull=True, restriction_ground="")
                | (Q(restricted_since__isnull=False) & ~Q(restriction_ground="")),
                name="casefile_restriction_has_a_ground",
            ),
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
        return self.records_consent == RecordsConsent.GIVEN

    @property
    def consent_withdrawn(self) -> bool:
        return self.records_consent == RecordsConsent.WITHDRAWN

    @property
    def consent_declined(self) -> bool:
        return self.records_consent == RecordsConsent.DECLINED

    @property
    def writing_without_consent(self) -> bool:
        """Notes are being written under a recorded reason, and the client is still to be
        asked (a client who declined or withdrew is shown as that instead)."""
        return (
            self.consent_override_at is not None
            and self.records_consent == RecordsConsent.NOT_ASKED
        )

    @property
    def consent_badge(self) -> tuple[str, str]:
        """The records-consent badge's words and style, decided once here rather than by
        template tags in every row of a caseload."""
        if self.writing_without_consent:
            return "Notes written without consent: consent still needed", "badge badge-warn"
        if self.has_records_consent:
            style = "badge badge-ok"
        elif self.consent_withdrawn or self.consent_declined:
            style = "badge badge-danger"
        else:
            style = "badge"
        return self.get_records_consent_display(), style

    @property
    def may_override_consent(self) -> bool:
        """The urgent-reason override is only for a client who has not been asked yet.

        A client who declined or withdrew said no: no reason overrides that."""
        return (
            self.records_consent == RecordsConsent.NOT_ASKED
            and self.consent_override_at is None
            and self.closed_on is None
            and not self.is_restricted
        )

    @property
    def is_restricted(self) -> bool:
        return self.restricted_since is not None

    @property
    def restriction_words(self) -> str:
        """The ground of a restriction in force, in plain words ('' when there is none)."""
        return RESTRICTION_PLAIN.get(self.restriction_ground, "") if self.is_restricted else ""

    def write_refusal(self) -> str:
        """Why nothing may be added to or changed in this case file now, or '' when it may.

        The one check every write to a case file passes (records.services.common
        `require_writable`): while processing is restricted (UK GDPR Art. 18(1)) the file
        may only be stored. Reading stays possible: for the client's own subject access
        answer and for legal claims (Art. 18(2)), and for the therapist, who is told why."""
        if self.is_restricted:
            return (
                f"Processing of this record has been restricted since "
                f"{self.restricted_since:%-d %B %Y} (UK GDPR Article 18), because "
                f"{self.restriction_words}. It may only be stored: nothing can be added or "
                "changed until the restriction is lifted."
            )
        return ""

    @property
    def may_write(self) -> bool:
        return not self.write_refusal()

    def note_refusal(self, *, with_reason: bool = False) -> str:
        """Why a new note may not be written now, or '' when it may.

        The one statement of the gate: the service enforces it, pages ask it
        (`may_write_notes`). `with_reason`: the therapist has given a reason to write
        before consent, which counts only while the client has not been asked."""
        if refusal := self.write_refusal():
            return refusal
        consent = self.records_consent
        if consent == RecordsConsent.WITHDRAWN:
            return (
                "The client withdrew consent to keeping records on "
                f"{self.records_consent_withdrawn_at:%d %B %Y}. No new notes can be written."
            )
        if consent == RecordsConsent.DECLINED:
            return (
                "The client declined consent to keeping records on "
                f"{self.records_consent_declined_at:%d %B %Y}. No note can be written until "
                "they give it; record their consent on the client's page when they do."
            )
        if self.closed_on is not None:
            return "Therapy has ended for this client: the case file is closed to new notes."
        if consent == RecordsConsent.GIVEN or self.consent_override_at is not None:
            return ""
        if with_reason:
            return ""
        return (
            "The client has not yet given explicit consent to keeping records. Record their "
            "consent first, or give a reason to write this note without it (for example an "
            "urgent first session)."
        )

    @property
    def may_write_notes(self) -> bool:
        """A note may be written now, without giving any further reason."""
        return not self.note_refusal()

    @property
    def therapy_ended(self) -> bool:
        """THE record that therapy has ended: the day the file was closed. `Client.status`
        mirrors it for the caseload's filter, set in the same transaction
        (`clients.services.client_end_therapy`), and a test holds the two together."""
        return self.closed_on is not None

    def session_refusal(self) -> str:
        """Why a session may not be recorded now, or '' when it may. A session may be
        recorded after therapy ends (a last session written up late moves the last
        contact, and with it the retention date); only a disposed file takes none."""
        if self.is_shredded:
            return "This case file has been disposed of: nothing can be added to it."
        return self.write_refusal()

    @property
    def may_record_session(self) -> bool:
        return not self.session_refusal()

    @property
    def is_shredded(self) -> bool:
        """Its data key is destroyed: a disposal has begun and nothing of it can be read."""
        return not self.wrapped_key

    @property
    def disposal_due_on(self) -> date | None:
        """The first day the file may be disposed of (the day after `retain_until`)."""
        return self.retain_until + timedelta(days=1) if self.retain_until else None


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
        indexes = [  # a client page's sessions, newest first (issue 26)
            models.Index(
                fields=["case_file", "-date", "-start_time", "-id"], name="session_newest_in_file"
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
        # A client page's notes, newest first, read from the index a page at a time
        # rather than every note of the file sorted (issue 26).
        indexes = [
            models.Index(fields=["case_file", "-created_at", "-id"], name="note_newest_in_file")
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
    """A correction or addition to a signed note. Notes are never overwritten once signed.

    The client's own statement is kept the same way: where a client says a note is
    inaccurate and the therapist, having considered it, does not agree (a professional
    opinion is not inaccurate because the client disagrees with it), the client's statement
    is attached to the note (UK GDPR Art. 16; the ICO's guidance on the right to
    rectification asks that a record whose accuracy is disputed show that it is), shown
    wherever the note is, and in any later answer."""

    class Kind(models.TextChoices):
        # Read by the client in a subject access answer, so worded to them.
        ADDENDUM = "addendum", "Added by the therapist"
        CLIENT_STATEMENT = "client_statement", "Your own statement that this note is inaccurate"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="addenda")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ADDENDUM)
    body = EncryptedTextField(max_plaintext=20_000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"addendum {self.ref}"

    @property
    def is_client_statement(self) -> bool:
        return self.kind == self.Kind.CLIENT_STATEMENT

    def encryption_owner(self) -> CaseFile:
        return self.note.case_file


class LegalHold(models.Model):
    """An admin's hold on a case file: while it is in force, the file is never disposed of."""

    class Kind(models.TextChoices):
        COURT = "court", "Court case or legal proceedings"
        COMPLAINT = "complaint", "Complaint"
        SUBJECT_ACCESS = "subject_access", "Open subject access request"
        DISCLOSURE = "disclosure", "Open disclosure"
        OTHER = "other", "Other reason"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="legal_holds")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    details = EncryptedTextField(max_plaintext=2000)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True, lifted_by__isnull=True)
                | Q(lifted_at__isnull=False, lifted_by__isnull=False),
                name="legal_hold_lifted_by_someone",
            )
        ]

    def __str__(self) -> str:
        return f"legal hold {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.case_file

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class Tombstone(models.Model):
    """What is left of a disposed case file: a reference, dates, who, the policy, counts.

    No identity and no content. Written when a disposal starts (state "shredded": the data
    key is already gone) and completed when every row is deleted, so an interrupted disposal
    is finished by running it again. Deliberately kept after disposal, so it is not in the
    data map (disposal would otherwise delete it).
    """

    class Reason(models.TextChoices):
        RETENTION_ENDED = "retention_ended", "Retention period ended"
        ADDED_BY_MISTAKE = "added_by_mistake", "Client added by mistake"
        ERASURE_GRANTED = "erasure_granted", "Erasure granted (UK GDPR Art. 17)"

    class State(models.TextChoices):
        SHREDDED = "shredded", "Key destroyed, rows still being deleted"
        COMPLETE = "complete", "Disposed of"

    record_ref = models.CharField(max_length=20, unique=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SHREDDED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    last_contact_on = models.DateField(null=True, blank=True)
    retain_until = models.DateField(null=True, blank=True)
    retention_basis = models.CharField(max_length=10, blank=True)
    policy_years_adult = models.PositiveSmallIntegerField()
    policy_until_age_child = models.PositiveSmallIntegerField()
    counts = models.JSONField(default=dict)  # model label -> rows destroyed
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="shredded", completed_at__isnull=True)
                | Q(state="complete", completed_at__isnull=False),
                name="tombstone_complete_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"tombstone {self.record_ref}"

    @property
    def is_complete(self) -> bool:
        return self.state == self.State.COMPLETE

    @property
    def policy_applied(self) -> str:
        if self.reason == self.Reason.ADDED_BY_MISTAKE:
            return "Removed at once: added by mistake, with no sessions or notes"
        if self.retention_basis == "child":
            return (
                f"Under 18 at last contact: kept until age {self.policy_until_age_child} "
                f"({self.policy_until_age_child + 1} if 17 then) "
                f"or {self.policy_years_adult} years after last contact, whichever is later"
            )
        if self.retention_basis == "unknown":
            return (
                f"{self.policy_years_adult} years after last contact (age not known; "
                "the adult rule confirmed by an admin)"
            )
        return f"{self.policy_years_adult} years after last contact"

    @property
    def rows_destroyed(self) -> int:
        return sum(self.counts.values())
