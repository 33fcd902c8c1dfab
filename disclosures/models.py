"""Disclosure requests, their history, and the record of every disclosure made.

A request belongs to a case file (never to the identity tables). Every free text about the
client, the situation, the recipient and what is shared is an `EncryptedTextField` keyed to
that case file; plaintext columns hold only choices, dates, flags and references.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from disclosures.evidence import EvidenceKind
from disclosures.kinds import AUTHORITY_ROUTES, KINDS, Kind
from disclosures.recipients import recipient_words
from practice.fields import EncryptedTextField
from records.models import CaseFile

MAX_PDF_BASE64 = 10_000_000


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for the supervisor"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    EMERGENCY_REVIEW = "emergency_review", "Disclosed in an emergency: review due"
    DISCLOSED = "disclosed", "Disclosed"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EmergencyVerdict(models.TextChoices):
    """How the supervisor's retrospective review of an emergency disclosure ends."""

    JUSTIFIED = "justified", "Acting at once was justified"
    JUSTIFIED_WITH_LEARNING = "justified_learning", "Justified, but with learning for next time"
    NOT_JUSTIFIED = "not_justified", "Acting at once was not justified"


class ConsentStatus(models.TextChoices):
    GIVEN = "given", "Sought, and the client agreed"
    REFUSED = "refused", "Sought, and the client refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class NotSoughtReason(models.TextChoices):
    UNLAWFUL = "unlawful", "Telling the client would be unlawful (tipping off)"
    RAISES_RISK = "raises_risk", "Telling the client would raise the risk to a child or others"
    INVESTIGATION = "investigation", "Telling the client would compromise an investigation"
    LACKS_CAPACITY = "lacks_capacity", "The client lacks capacity to decide this now"
    EMERGENCY = "emergency", "An emergency left no time to ask"


class LegalAdviceSource(models.TextChoices):
    NONE = "", "No legal advice taken"
    INSURER = "insurer", "Professional indemnity insurer's legal helpline"
    SOLICITOR = "solicitor", "A solicitor"
    BODY = "body", "Professional body's advice service"
    OTHER = "other", "Other"


class Method(models.TextChoices):
    PHONE = "phone", "Telephone"
    SECURE_EMAIL = "secure_email", "Secure e-mail"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    PORTAL = "portal", "The recipient's secure portal or referral form"


class RestrictionReason(models.TextChoices):
    TIPPING_OFF = "tipping_off", "Telling the client would be unlawful (tipping off)"
    RISK = "risk", "Telling the client would raise the risk to others"
    INVESTIGATION = "investigation", "Telling the client would compromise an investigation"


class ReportChoice(models.TextChoices):
    REPORT = "report", "A report written for the purpose (recommended)"
    NOTES = "notes", "Chosen passages of the notes"


CALDICOTT = (
    "The purpose of sharing is justified",
    "Sharing confidential information is necessary for that purpose",
    "Only the minimum information needed is shared",
    "Only those who need to know will have access",
    "Everyone with access understands their responsibilities",
    "Sharing complies with the law",
    "The duty to share for the person's care has been weighed against confidentiality",
    "The client is (or, where that is unsafe, will later be) told how their information is used",
)


class DisclosureRequest(models.Model):
    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_file = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="disclosure_requests"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disclosure_requests"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    steps_done = models.JSONField(default=list, blank=True)

    # Kind and legal basis
    kind = models.CharField(max_length=30, choices=KINDS, blank=True)
    statute_named = EncryptedTextField(max_plaintext=300)
    authority_body = models.CharField(max_length=30, blank=True)
    authority_route = models.CharField(max_length=20, choices=AUTHORITY_ROUTES, blank=True)
    authority_ground = models.CharField(max_length=30, blank=True)
    situation = EncryptedTextField(max_plaintext=10_000)
    reason = EncryptedTextField(max_plaintext=10_000)
    legal_basis = EncryptedTextField(max_plaintext=2_000)

    # Caldicott: a JSON list of eight {"met": bool, "reason": str}, encrypted as one text
    caldicott = EncryptedTextField(max_plaintext=20_000)

    # Recipient and what is shared
    recipient_name = EncryptedTextField(max_plaintext=200)
    recipient_organisation = EncryptedTextField(max_plaintext=200)
    recipient_role = EncryptedTextField(max_plaintext=200)
    recipient_contact = EncryptedTextField(max_plaintext=500)
    shared_text = EncryptedTextField(max_plaintext=20_000)

    # Consent and capacity
    consent_status = models.CharField(max_length=12, choices=ConsentStatus.choices, blank=True)
    not_sought_reason = models.CharField(max_length=20, choices=NotSoughtReason.choices, blank=True)
    consent_notes = EncryptedTextField(max_plaintext=5_000)
    capacity_impairment = EncryptedTextField(max_plaintext=3_000)
    capacity_decision = EncryptedTextField(max_plaintext=3_000)

    # A client's own request: the conversation and their written authority
    discussed_who_sees = models.BooleanField(default=False)
    discussed_loss_of_control = models.BooleanField(default=False)
    discussed_unwanted_content = models.BooleanField(default=False)
    client_authority_on = models.DateField(null=True, blank=True)
    conversation_notes = EncryptedTextField(max_plaintext=5_000)
    report_choice = models.CharField(max_length=10, choices=ReportChoice.choices, blank=True)
    # The report itself, written as a step before the request goes to the supervisor: what
    # they approve is what the client's PDF carries (issue 24, item 1).
    report_text = EncryptedTextField(max_plaintext=50_000)
    # The SHA-256 of the text the supervisor approved (`text_to_share()`), kept with the
    # decision; a report whose text no longer matches it is not made into a PDF.
    approved_sha256 = models.CharField(max_length=64, blank=True)

    # Advice
    supervisor_discussed_on = models.DateField(null=True, blank=True)
    legal_advice_source = models.CharField(
        max_length=12, choices=LegalAdviceSource.choices, blank=True
    )
    legal_advice_reference = EncryptedTextField(max_plaintext=200)
    advice_summary = EncryptedTextField(max_plaintext=5_000)

    # Reflection
    consequences_client = EncryptedTextField(max_plaintext=5_000)
    consequences_others = EncryptedTextField(max_plaintext=5_000)
    consequences_relationship = EncryptedTextField(max_plaintext=5_000)
    concern_first_raised_on = models.DateField(null=True, blank=True)

    # The emergency path
    is_emergency = models.BooleanField(default=False)

    # A court order (disclosures/court_orders.py): before disclosing, the therapist has
    # considered asking the court to limit what is disclosed, and has checked who is asking
    # by calling back on a number found independently.
    court_limit_considered = models.BooleanField(default=False)
    court_identity_called_back = models.BooleanField(default=False)
    review_due_on = models.DateField(null=True, blank=True)
    # The retrospective review's verdict (its reasons are the review's history row).
    emergency_verdict = models.CharField(
        max_length=20, choices=EmergencyVerdict.choices, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(is_emergency=True) | Q(review_due_on__isnull=False),
                name="disclosure_emergency_has_review_date",
            ),
            models.CheckConstraint(
                condition=Q(emergency_verdict="") | Q(is_emergency=True),
                name="disclosure_verdict_only_for_an_emergency",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("therapist")),
                name="disclosure_not_decided_by_requester",
            ),
        ]

    def __str__(self) -> str:
        return f"disclosure request {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.case_file

    @property
    def kind_info(self) -> Kind | None:
        from disclosures.kinds import kind_for

        return kind_for(self.kind)

    @property
    def kind_label(self) -> str:
        info = self.kind_info
        return info.label if info else "Not chosen yet"

    @property
    def is_client_request(self) -> bool:
        return self.kind == "client_request"

    @property
    def is_open(self) -> bool:
        return self.status in (Status.DRAFT, Status.CHANGES_REQUESTED)

    @property
    def status_css(self) -> str:
        if self.review_overdue or self.status == Status.DECLINED:
            return "badge-danger"
        if self.status in (Status.SUBMITTED, Status.EMERGENCY_REVIEW, Status.CHANGES_REQUESTED):
            return "badge-warn"
        if self.status in (Status.APPROVED, Status.DISCLOSED):
            return "badge-ok"
        return ""

    @property
    def review_overdue(self) -> bool:
        """An emergency disclosure whose retrospective review is past its due date."""
        return (
            self.status == Status.EMERGENCY_REVIEW
            and self.review_due_on is not None
            and self.review_due_on < timezone.localdate()
        )

    def recipient_summary(self) -> str:
        return recipient_words(
            self.get_recipient_name(),
            self.get_recipient_role(),
            self.get_recipient_organisation(),
            self.get_recipient_contact(),
        )

    def share_body(self) -> str:
        """The written part of what is shared: a client's request shares its report, any
        other kind the text written in the recipient step."""
        return self.get_report_text() if self.is_client_request else self.get_shared_text()

    def text_to_share(self) -> str:
        """The words the recipient receives: the report or shared text, then each quoted
        passage. The supervisor approves exactly this (its SHA-256 is kept)."""
        parts = [self.share_body()]
        for quote in self.quotes.all():
            quote.request = self
            parts.append(f"From the notes of {quote.note_date:%d %B %Y}:\n{quote.get_text()}")
        return "\n\n".join(part for part in parts if part)

    def text_fingerprint(self) -> str:
        """The SHA-256 of `text_to_share()`: what an approval freezes."""
        return text_fingerprint(self.text_to_share())

    @property
    def text_is_approved(self) -> bool:
        """The text to share is, to the character, the text the supervisor approved."""
        return bool(self.approved_sha256) and self.approved_sha256 == self.text_fingerprint()

    def caldicott_answers(self) -> list[dict]:
        text = self.get_caldicott()
        answers = json.loads(text) if text else []
        return [
            {"principle": principle, **(answers[i] if i < len(answers) else {})}
            for i, principle in enumerate(CALDICOTT)
        ]


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class QuotedPassage(models.Model):
    """A passage of a signed note, copied into the request: all a supervisor sees of notes."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="quotes")
    note_ref = models.UUIDField()
    note_date = models.DateField()
    text = EncryptedTextField(max_plaintext=5_000)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["note_date", "added_at"]

    def __str__(self) -> str:
        return f"quoted passage {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.request.case_file


class RequestEvent(models.Model):
    """One step in a request's history, with the written reasons (encrypted)."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reasons = EncryptedTextField(max_plaintext=10_000)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"disclosure event {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.request.case_file


class DisclosureRecord(models.Model):
    """The accounting of one disclosure made: when, to whom, how, exactly what, who approved."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(
        DisclosureRequest, on_delete=models.CASCADE, related_name="disclosure"
    )
    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="disclosures")
    disclosed_on = models.DateField()
    # The time of day, to the minute: always given on the emergency path.
    disclosed_time = models.TimeField("Time disclosed", null=True, blank=True)
    method = models.CharField(max_length=20, choices=Method.choices)
    recipient = EncryptedTextField(max_plaintext=1_000)
    purpose = EncryptedTextField(max_plaintext=10_000)
    legal_basis = EncryptedTextField(max_plaintext=2_000)
    what_was_sent = EncryptedTextField(max_plaintext=50_000)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    emergency = models.BooleanField(default=False)
    restricted = models.BooleanField(default=False)
    restricted_reason = models.CharField(
        max_length=20, choices=RestrictionReason.choices, blank=True
    )
    restricted_review_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(restricted=False)
                | (~Q(restricted_reason="") & Q(restricted_review_on__isnull=False)),
                name="disclosure_restricted_has_reason_and_review",
            ),
            models.CheckConstraint(
                condition=Q(emergency=True) | Q(approved_by__isnull=False),
                name="disclosure_approved_unless_emergency",
            ),
        ]

    def __str__(self) -> str:
        return f"disclosure {self.ref}"

    @property
    def restriction_review_due(self) -> bool:
        return (
            self.restricted
            and self.restricted_review_on is not None
            and self.restricted_review_on <= timezone.localdate()
        )

    def encryption_owner(self) -> CaseFile:
        return self.case_file


class ClientReport(models.Model):
    """The report a client asked for, exactly as made: PDF encrypted, SHA-256 in the clear."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="reports")
    report_text = EncryptedTextField(max_plaintext=50_000)
    pdf = EncryptedTextField(max_plaintext=MAX_PDF_BASE64)
    sha256 = models.CharField(max_length=64)
    # The SHA-256 of the approved text the report was made from (blank: made before the
    # report was approved as written); a report of text since changed is not handed out.
    text_sha256 = models.CharField(max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"client report {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.request.case_file


class LiftStatus(models.TextChoices):
    ASKED = "asked", "Waiting for the supervisor"
    AGREED = "agreed", "Agreed: the restriction is lifted"
    DECLINED = "declined", "Declined: the restriction stands"
    WITHDRAWN = "withdrawn", "Withdrawn"


class RestrictionLift(models.Model):
    """A therapist's request to lift a restriction: applied only when their supervisor agrees.

    At most one is waiting per disclosure; the reasons on both sides are encrypted with the
    case file's key, like every other free text about the client."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    disclosure = models.ForeignKey(DisclosureRecord, on_delete=models.CASCADE, related_name="lifts")
    status = models.CharField(max_length=10, choices=LiftStatus.choices, default=LiftStatus.ASKED)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    reason = EncryptedTextField(max_plaintext=5_000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    response = EncryptedTextField(max_plaintext=5_000)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure"],
                condition=Q(status="asked"),
                name="restriction_one_lift_waiting",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("asked_by")),
                name="restriction_lift_not_decided_by_asker",
            ),
        ]

    def __str__(self) -> str:
        return f"restriction lift {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.disclosure.case_file


MAX_EVIDENCE_BASE64 = 7_200_000  # base64 of at most DISCLOSURE_EVIDENCE_MAX_BYTES (5 MB)


class Evidence(models.Model):
    """A document kept with a disclosure request (disclosures/evidence.py): its bytes encrypted
    with the case file's key, as base64 text; its SHA-256 and size in the clear."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    file_name = EncryptedTextField(max_plaintext=200)  # a name may say who it is about
    content_type = models.CharField(max_length=40)
    content = EncryptedTextField(max_plaintext=MAX_EVIDENCE_BASE64)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"disclosure evidence {self.ref}"

    def encryption_owner(self) -> CaseFile:
        return self.request.case_file
