"""Data-protection complaints made to the practice (DPA 2018 s.164A) and what is done with them.

A complaint may come from anyone, client or not, so it is not encrypted with a case file's
key: each complaint has its own data key, wrapped by the key-encryption key like a case
file's (`ComplaintKey`), so the complainant's name, contact, words and the outcome are
ciphertext at rest whether or not the person is a client, and linking or unlinking a case
file never re-encrypts anything. A complaint knows a client only by the case file's
`record_ref` (no foreign key), set by an admin; the public form never sets it.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from practice import keyring
from practice.fields import EncryptedTextField
from practice.models import PracticeProfile
from records.models import CaseFile, RestrictionGround
from rights import breach_clock, deadlines
from rights.sendings import ComplaintLetterSending  # noqa: F401  (its own module)
from subject_access.deadlines import Clock, Fact, FactKind
from subject_access.models import Competence, Requester

_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_PDF_BASE64 = 4_000_000


def new_reference() -> str:
    """The reference the person is given: 'CMP-' and 8 characters."""
    return "CMP-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class Status(models.TextChoices):
    RECEIVED = "received", "Received: to acknowledge"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    INVESTIGATING = "investigating", "Being investigated"
    CLOSED = "closed", "Closed with an outcome"


class Channel(models.TextChoices):
    FORM = "form", "The complaint form on the website"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Telephone"
    EMAIL = "email", "E-mail"
    IN_PERSON = "in_person", "In person"


class NoteKind(models.TextChoices):
    INVESTIGATION = "investigation", "Investigation note (kept by the practice)"
    UPDATE = "update", "Update sent to the person"


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    OUTCOME = "outcome", "Outcome"


@dataclass(frozen=True)
class ComplaintKey:
    """The encryption owner of a complaint's text: its own data key, never a case file's.
    `record_ref` is what the associated data binds (the complaint's own reference)."""

    record_ref: str
    wrapped_key: str

    def data_key(self) -> bytes:
        return keyring.unwrap_data_key(self.wrapped_key, owner=self.record_ref)


# -- What every rights request and kept letter share ------------------------------------------


def reference_field(default) -> models.CharField:
    """A request's reference, given to the client: a prefix and 8 characters."""
    return models.CharField(max_length=12, unique=True, default=default, editable=False)


class RightsRequest(models.Model):
    """What every client's rights request shares (Arts. 16-21): it knows the client only by
    the case file's `record_ref` (no foreign key: the case file may live in the other
    database), its words are encrypted with the case file's key, and it runs on the
    one-month clock of Art. 12(3) (`subject_access.deadlines.Clock`), extendable once by up
    to two further months. A concrete request adds its `reference` (with its prefix),
    `status` (its own states), and what its decision needs."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record_ref = models.CharField(max_length=20, db_index=True)
    received_on = models.DateField()
    asks = EncryptedTextField(max_plaintext=10_000, encrypt_empty=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)

    extension_months = models.PositiveSmallIntegerField(default=0)
    extended_on = models.DateField(null=True, blank=True)
    extension_reasons = EncryptedTextField(max_plaintext=5000)

    class Meta:
        abstract = True
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return self.reference

    def encryption_owner(self):
        if not hasattr(self, "_case_file"):
            self._case_file = CaseFile.objects.get(record_ref=self.record_ref)
        return self._case_file

    def clock_facts(self) -> list[Fact]:
        # The request is made by the client, known to the practice: identity is not in
        # question, so the month begins on the day it arrived.
        facts = [
            Fact(FactKind.RECEIVED, self.received_on),
            Fact(FactKind.IDENTITY, self.received_on),
        ]
        if self.extension_months:
            facts.append(Fact(FactKind.EXTENDED, self.extended_on, self.extension_months))
        return facts

    def clock(self, *, nation: str | None = None, as_of: date | None = None) -> Clock:
        return Clock.read(
            self.clock_facts(),
            nation=nation or PracticeProfile.load().nation,
            as_of=as_of or timezone.localdate(),
        )

    def timing(self, *, nation: str | None = None, as_of: date | None = None) -> RequestTiming:
        return RequestTiming(self.clock(nation=nation, as_of=as_of))


@dataclass(frozen=True)
class RequestTiming:
    """A request's clock read for a page: the due day, days left or overdue, and the last day
    an extension may be told."""

    clock: Clock

    @property
    def due_on(self) -> date:
        return self.clock.due_on

    @property
    def days_left(self) -> int:
        return (self.clock.due_on - self.clock.as_of).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def notice_by(self) -> date | None:
        return self.clock.extension_notice_by()


class KeptLetter(models.Model):
    """A letter exactly as issued: its PDF (encrypted with its owner's key) and the SHA-256
    it had when made. A concrete letter adds its `kind` (with its choices), the foreign key
    to its owner, named by `OWNER`, and its once-per-kind constraint."""

    OWNER = ""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16)
    dated = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    pdf = EncryptedTextField(max_plaintext=MAX_PDF_BASE64, encrypt_empty=True)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveIntegerField()

    class Meta:
        abstract = True
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.OWNER} letter {self.ref}"

    @property
    def owner(self):
        return getattr(self, self.OWNER)

    def encryption_owner(self):
        return self.owner.encryption_owner()

    def opened(self) -> bytes:
        """The PDF as issued, checked against its SHA-256 (the caller audits the read)."""
        from practice import documents

        return documents.from_stored(self.get_pdf(), sha256=self.sha256)


class Complaint(models.Model):
    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    # The complaint's own data key, wrapped by a key-encryption key.
    wrapped_key = models.TextField(editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    received_on = models.DateField()
    matter_on = models.DateField(null=True, blank=True)  # when what they complain of happened

    complainant_name = EncryptedTextField(max_plaintext=200)
    complainant_contact = EncryptedTextField(max_plaintext=500)
    about = EncryptedTextField(max_plaintext=10_000)

    # Set by an admin when the person complaining is (or acts for) a client; blank otherwise.
    record_ref = models.CharField(max_length=20, blank=True, db_index=True)
    made_by = models.CharField(max_length=16, choices=Requester.choices, blank=True)
    young_person_competence = models.CharField(
        max_length=20, choices=Competence.choices, blank=True
    )
    young_person_wishes = EncryptedTextField(max_plaintext=2000)

    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty when it came through the public form
    logged_at = models.DateTimeField(default=timezone.now)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = EncryptedTextField(max_plaintext=10_000)

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received") | Q(acknowledged_on__isnull=False),
                name="complaint_acknowledged_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="complaint_closed_is_dated",
            ),
            models.CheckConstraint(
                condition=Q(record_ref="") | ~Q(made_by=""),
                name="complaint_linked_says_who_complained",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def encryption_owner(self) -> ComplaintKey:
        return ComplaintKey(record_ref=self.reference, wrapped_key=self.wrapped_key)

    def give_new_key(self) -> None:
        self.wrapped_key = keyring.wrap_data_key(keyring.new_data_key(), owner=self.reference)

    def acknowledgement(self, *, as_of: date | None = None) -> deadlines.Acknowledgement:
        return deadlines.Acknowledgement.read(
            received_on=self.received_on,
            acknowledged_on=self.acknowledged_on,
            as_of=as_of or timezone.localdate(),
        )

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def is_linked(self) -> bool:
        return bool(self.record_ref)


class ComplaintNote(models.Model):
    """An investigation note, or the record of an update sent to the person (s.164A(5))."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=16, choices=NoteKind.choices)
    written_on = models.DateField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    body = EncryptedTextField(max_plaintext=10_000, encrypt_empty=True)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"complaint note {self.ref}"

    def encryption_owner(self) -> ComplaintKey:
        return self.complaint.encryption_owner()


class ComplaintLetter(KeptLetter):
    """A letter exactly as issued, encrypted with the complaint's own key."""

    OWNER = "complaint"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=16, choices=LetterKind.choices)

    class Meta(KeptLetter.Meta):
        constraints = [
            models.UniqueConstraint(fields=["complaint", "kind"], name="complaint_letter_once")
        ]


# -- The breach register (UK GDPR Arts. 33-34) ---------------------------------------------


def new_breach_reference() -> str:
    """The register's reference for a breach: 'BR-' and 8 characters."""
    return "BR-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class BreachStatus(models.TextChoices):
    RECORDED = "recorded", "Recorded: to assess"
    ASSESSED = "assessed", "Assessed: decision made"
    NOTIFIED = "notified", "Reported to the ICO"
    NOT_NOTIFIED = "not_notified", "Not reported: decided and kept"
    CLOSED = "closed", "Closed"


class BreachRisk(models.TextChoices):
    UNLIKELY = "unlikely", "Unlikely to result in a risk to people"
    RISK = "risk", "Likely to result in a risk to people"
    HIGH = "high", "Likely to result in a high risk to people"


class Breach(models.Model):
    """One personal-data breach, from its discovery to its close (Art. 33(5) asks that
    every breach is documented, reported or not). Its free text is encrypted with a data
    key of its own, as a complaint's is, since a breach may touch many case files."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        max_length=12, unique=True, default=new_breach_reference, editable=False
    )
    wrapped_key = models.TextField(editable=False)
    status = models.CharField(
        max_length=16, choices=BreachStatus.choices, default=BreachStatus.RECORDED
    )
    started_at = models.DateTimeField(null=True, blank=True)  # unknown is allowed
    discovered_at = models.DateTimeField()
    people_affected = models.PositiveIntegerField()
    what_happened = EncryptedTextField(max_plaintext=10_000, encrypt_empty=True)
    # What an affected client reads in their subject access answer, in plain words.
    for_client = EncryptedTextField(max_plaintext=5000, encrypt_empty=True)

    risk = models.CharField(max_length=10, choices=BreachRisk.choices, blank=True)
    risk_assessment = EncryptedTextField(max_plaintext=10_000)
    notify_ico = models.BooleanField(null=True)
    notify_people = models.BooleanField(null=True)
    decision_reasons = EncryptedTextField(max_plaintext=10_000)
    decided_at = models.DateTimeField(null=True, blank=True)

    ico_notified_at = models.DateTimeField(null=True, blank=True)
    ico_reference = models.CharField(max_length=40, blank=True)
    late_reasons = EncryptedTextField(max_plaintext=5000)
    people_notified_on = models.DateField(null=True, blank=True)
    people_notified_how = EncryptedTextField(max_plaintext=2000)

    remediation = EncryptedTextField(max_plaintext=10_000)
    # What an affected client reads about what was done, in plain words.
    done_for_client = EncryptedTextField(max_plaintext=5000)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["discovered_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="recorded") | ~Q(risk=""),
                name="breach_assessed_has_a_risk",
            ),
            models.CheckConstraint(
                condition=~Q(status="notified") | Q(ico_notified_at__isnull=False),
                name="breach_notified_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="breach_closed_is_dated",
            ),
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(started_at__lte=models.F("discovered_at")),
                name="breach_started_before_found",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def encryption_owner(self) -> ComplaintKey:
        return ComplaintKey(record_ref=self.reference, wrapped_key=self.wrapped_key)

    def give_new_key(self) -> None:
        self.wrapped_key = keyring.wrap_data_key(keyring.new_data_key(), owner=self.reference)

    def ico_clock(self, *, as_of=None) -> breach_clock.IcoClock:
        return breach_clock.IcoClock(
            discovered_at=self.discovered_at,
            notified_at=self.ico_notified_at,
            not_needed=self.notify_ico is False,
            as_of=as_of or timezone.now(),
        )

    @property
    def is_open(self) -> bool:
        return self.status != BreachStatus.CLOSED


class BreachRecord(models.Model):
    """One case file a breach touched, by its record reference (no foreign key: a case
    file may live in the other database). It is what carries the breach into that client's
    next subject access answer, and disposal deletes it with the rest of the record."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="records")
    record_ref = models.CharField(max_length=20, db_index=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["record_ref"]
        constraints = [
            models.UniqueConstraint(fields=["breach", "record_ref"], name="breach_record_once")
        ]

    def __str__(self) -> str:
        return f"{self.breach.reference} {self.record_ref}"


# -- The right to rectification (UK GDPR Art. 16) ------------------------------------------


def new_rectification_reference() -> str:
    """The reference the client is given: 'RR-' and 8 characters."""
    return "RR-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class RectificationStatus(models.TextChoices):
    RECEIVED = "received", "Received: the therapist to respond"
    RESPONDED = "responded", "The therapist has responded: outcome letter to send"
    CLOSED = "closed", "Closed: outcome letter issued"


class RectificationResponse(models.TextChoices):
    AGREED = "agreed", "Agreed: the note is corrected by an addendum"
    DISAGREED = "disagreed", "Not agreed: the client's own statement is attached to the note"


class RectificationLetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    EXTENSION = "extension", "Extension"
    OUTCOME = "outcome", "Outcome"


class RectificationRequest(RightsRequest):
    """A client's request that personal information held about them be corrected (Art. 16),
    on the one-month clock of Art. 12(3) (`subject_access.deadlines.Clock`). It knows the
    client only by the case file's `record_ref`, as a subject access request does, and its
    words are encrypted with the case file's key. The therapist responds on one signed note:
    agreeing adds a correcting addendum, disagreeing attaches the client's own statement
    (`records.Addendum`, kind `client_statement`); the note is never overwritten."""

    reference = reference_field(new_rectification_reference)
    status = models.CharField(
        max_length=16, choices=RectificationStatus.choices, default=RectificationStatus.RECEIVED
    )

    response = models.CharField(max_length=10, choices=RectificationResponse.choices, blank=True)
    note_ref = models.UUIDField(null=True, blank=True)  # the note responded on
    addendum_ref = models.UUIDField(null=True, blank=True)  # the correction or the statement
    response_reasons = EncryptedTextField(max_plaintext=10_000)  # what was done, or why not
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta(RightsRequest.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received") | ~Q(response=""),
                name="rectification_responded_has_a_response",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="rectification_closed_is_dated",
            ),
            models.CheckConstraint(
                condition=Q(extension_months__lte=2),
                name="rectification_extension_at_most_two_months",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.status != RectificationStatus.CLOSED


class RectificationLetter(KeptLetter):
    """A letter exactly as issued, encrypted with the case file's key."""

    OWNER = "rectification"

    rectification = models.ForeignKey(
        RectificationRequest, on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(max_length=16, choices=RectificationLetterKind.choices)

    class Meta(KeptLetter.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["rectification", "kind"], name="rectification_letter_once"
            )
        ]


# -- The right to object (UK GDPR Art. 21) --------------------------------------------------


def new_objection_reference() -> str:
    """The reference the client is given: 'OB-' and 8 characters."""
    return "OB-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", "Received: to decide"
    DECIDED = "decided", "Decided: outcome letter issued"


class ObjectionDecision(models.TextChoices):
    UPHELD = "upheld", "Upheld: the processing objected to stops"
    REFUSED = "refused", "Refused: the processing continues"


class ObjectionGround(models.TextChoices):
    """Why an objection may be refused (Art. 21(1))."""

    COMPELLING = "compelling", "Compelling legitimate grounds that override the client's"
    LEGAL_CLAIMS = "legal_claims", "The establishment, exercise or defence of legal claims"


class ObjectionRequest(RightsRequest):
    """A client's objection to processing of their personal information (Art. 21), on the
    same one-month clock as a rectification request, decided by the admin with reasons.
    Known by the case file's `record_ref` and encrypted with its key."""

    reference = reference_field(new_objection_reference)
    status = models.CharField(
        max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.RECEIVED
    )

    decision = models.CharField(max_length=10, choices=ObjectionDecision.choices, blank=True)
    ground = models.CharField(max_length=14, choices=ObjectionGround.choices, blank=True)
    decision_reasons = EncryptedTextField(max_plaintext=10_000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    class Meta(RightsRequest.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received") | (~Q(decision="") & Q(decided_on__isnull=False)),
                name="objection_decided_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(decision="refused") | ~Q(ground=""),
                name="objection_refused_has_a_ground",
            ),
            models.CheckConstraint(
                condition=Q(extension_months__lte=2),
                name="objection_extension_at_most_two_months",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.status == ObjectionStatus.RECEIVED


class ObjectionLetter(KeptLetter):
    """A letter exactly as issued, encrypted with the case file's key."""

    OWNER = "objection"

    objection = models.ForeignKey(
        ObjectionRequest, on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(max_length=16, choices=RectificationLetterKind.choices)

    class Meta(KeptLetter.Meta):
        constraints = [
            models.UniqueConstraint(fields=["objection", "kind"], name="objection_letter_once")
        ]


# -- The right to erasure (UK GDPR Art. 17) --------------------------------------------------


def new_erasure_reference() -> str:
    """The reference the client is given: 'ER-' and 8 characters."""
    return "ER-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class ErasureStatus(models.TextChoices):
    RECEIVED = "received", "Received: to decide"
    REFUSED = "refused", "Refused: outcome letter issued"
    GRANTED = "granted", "Granted: outcome letter issued, erasure to carry out"
    ERASED = "erased", "Erased: the record disposed of"


class ErasureGround(models.TextChoices):
    """Why an erasure may be refused (Art. 17(3)), and the holds that stop it."""

    LEGAL_OBLIGATION = (
        "legal_obligation",
        "A legal obligation to keep the records (Art. 17(3)(b))",
    )
    LEGAL_CLAIMS = (
        "legal_claims",
        "The establishment, exercise or defence of legal claims (Art. 17(3)(e))",
    )
    LEGAL_HOLD = "legal_hold", "A legal hold in force on the case file"
    RETENTION_AGREED = (
        "retention_agreed",
        "Still within the retention period the client agreed to in their contract",
    )


class ErasureRequest(RightsRequest):
    """A client's request that their personal information be erased (Art. 17), on the same
    one-month clock, decided by the admin: refused with its ground, or granted and then
    carried out through disposal (`records.disposal`, reason "erasure granted"), which
    leaves a tombstone. This row outlives the disposal (`kept_on_disposal`): once erased,
    its encrypted words are emptied (the case file's key is destroyed anyway), so what is
    left is references, dates and the decision only, never a name."""

    reference = reference_field(new_erasure_reference)
    status = models.CharField(
        max_length=16, choices=ErasureStatus.choices, default=ErasureStatus.RECEIVED
    )
    ground = models.CharField(max_length=20, choices=ErasureGround.choices, blank=True)
    decision_reasons = EncryptedTextField(max_plaintext=10_000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta(RightsRequest.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received") | Q(decided_on__isnull=False),
                name="erasure_decided_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(ground=""),
                name="erasure_refused_has_a_ground",
            ),
            models.CheckConstraint(
                condition=~Q(status="erased") | Q(erased_at__isnull=False),
                name="erasure_erased_is_dated",
            ),
            models.CheckConstraint(
                condition=Q(extension_months__lte=2),
                name="erasure_extension_at_most_two_months",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.status == ErasureStatus.RECEIVED

    @property
    def is_erased(self) -> bool:
        return self.status == ErasureStatus.ERASED

    @property
    def granted(self) -> bool:
        return self.status in (ErasureStatus.GRANTED, ErasureStatus.ERASED)


class ErasureLetter(KeptLetter):
    """A letter exactly as issued, encrypted with the case file's key. Kept after the
    erasure by its SHA-256 and size only: its PDF goes with the record (emptied)."""

    OWNER = "erasure"

    erasure = models.ForeignKey(ErasureRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=16, choices=RectificationLetterKind.choices)
    # The PDF may be emptied once the record is erased, so it is not "encrypt_empty".
    pdf = EncryptedTextField(max_plaintext=MAX_PDF_BASE64)

    class Meta(KeptLetter.Meta):
        constraints = [
            models.UniqueConstraint(fields=["erasure", "kind"], name="erasure_letter_once")
        ]


# -- The right to restriction of processing (UK GDPR Art. 18) -------------------------------


def new_restriction_reference() -> str:
    """The reference the client is given: 'RS-' and 8 characters."""
    return "RS-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class RestrictionStatus(models.TextChoices):
    RECEIVED = "received", "Received: to apply"
    APPLIED = "applied", "In force: the record may only be stored"
    LIFTED = "lifted", "Lifted, after the client was told"


class RestrictionLetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    EXTENSION = "extension", "Extension"
    OUTCOME = "outcome", "Restriction in force"
    NOTICE = "notice", "Notice before lifting"


class RestrictionRequest(RightsRequest):
    """A client's request that processing of their case file be restricted (Art. 18), on the
    one-month clock every rights request shares; applied by the admin on one of the four
    grounds of Art. 18(1), which makes the case file read-only (`records.restriction`), and
    lifted only after the client has been told (Art. 18(3))."""

    reference = reference_field(new_restriction_reference)
    status = models.CharField(
        max_length=16, choices=RestrictionStatus.choices, default=RestrictionStatus.RECEIVED
    )

    ground = models.CharField(max_length=14, choices=RestrictionGround.choices)
    applied_on = models.DateField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reasons = EncryptedTextField(max_plaintext=10_000)
    lifted_on = models.DateField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(RightsRequest.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received") | Q(applied_on__isnull=False),
                name="restriction_applied_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="lifted") | Q(lifted_on__isnull=False),
                name="restriction_lifted_is_dated",
            ),
            models.CheckConstraint(
                condition=Q(extension_months__lte=2),
                name="restriction_extension_at_most_two_months",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.status == RestrictionStatus.RECEIVED

    @property
    def in_force(self) -> bool:
        return self.status == RestrictionStatus.APPLIED


class RestrictionLetter(KeptLetter):
    """A letter exactly as issued, encrypted with the case file's key."""

    OWNER = "restriction"

    restriction = models.ForeignKey(
        RestrictionRequest, on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(max_length=16, choices=RestrictionLetterKind.choices)

    class Meta(KeptLetter.Meta):
        constraints = [
            models.UniqueConstraint(fields=["restriction", "kind"], name="restriction_letter_once")
        ]
