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
from django.utils import timezone

from practice.fields import EncryptedTextField
from practice.health_professionals import Profession
from subject_access import deadlines

_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """The reference printed on every page of the answer: 'SAR-' and 8 characters."""
    return "SAR-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class Status(models.TextChoices):
    AWAITING_IDENTITY = "awaiting_identity", "Waiting for identity or authority evidence"
    OPEN = "open", "Open: ready to compile"
    AWAITING_CLARIFICATION = "awaiting_clarification", "Waiting for a clarification"
    AWAITING_FEE = "awaiting_fee", "Waiting for the fee asked for"
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
    COMPETENT_AWAITED = "competent_awaited", "Able to decide; their view not asked yet"
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
    EXPECTATIONS = (
        "expectations",
        "Given by the young person expecting it would not reach the person asking "
        "(DPA 2018 Sch. 3 Part 2 para 4)",
    )


# Whether a refusal letter may name the exemption relied on and give the reasons. Where
# telling the person would itself prejudice what the exemption protects (the prevention or
# detection of crime, DPA 2018 Sch. 2 Part 1 para 2), the letter says only that an exemption
# applies (the ICO's right of access guidance, "What should we do if we refuse to comply?").
EXEMPTION_NAMED_TO_PERSON = {
    Exemption.THIRD_PARTY: True,
    Exemption.SERIOUS_HARM: True,
    Exemption.CRIME: False,
    Exemption.MANIFESTLY_UNFOUNDED: True,
    Exemption.EXPECTATIONS: True,
}


# The reasons a reviewer may give for withholding a passage.
REDACTION_REASONS = [
    (choice.value, choice.label)
    for choice in (
        Exemption.THIRD_PARTY,
        Exemption.SERIOUS_HARM,
        Exemption.CRIME,
        Exemption.EXPECTATIONS,
    )
]


AWAITED = {
    deadlines.FactKind.IDENTITY: "the identity information asked for",
    deadlines.FactKind.AUTHORITY: "evidence that the person asking may act for the client",
    deadlines.FactKind.FEE_RECEIVED: "the fee asked for",
}

MAX_FEE_PENCE = 50_000  # a sanity bound on input; "reasonable" is the admin's to show


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
    # A competent young person's request answered to them rather than the parent who asked.
    answer_young_person = models.BooleanField(default=False)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField()

    identity_method = models.CharField(max_length=12, choices=IdentityMethod.choices, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The clock's dates (identity received, clarifications, extensions) are `ClockEvent`s.

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
    # A refusal is proposed by one admin and approved by a second before it takes effect
    # (subject_access/services/refusal.py); the reasons go into the refusal letter where the
    # exemption may be named (EXEMPTION_NAMED_TO_PERSON).
    refusal_exemption = models.CharField(max_length=16, choices=Exemption.choices, blank=True)
    refusal_reasons = EncryptedTextField(max_plaintext=4000)
    # For "manifestly unfounded or excessive" (Art. 12(5)): what shows it, kept for the ICO.
    refusal_evidence = EncryptedTextField(max_plaintext=4000)
    # A reasonable fee asked instead of refusing (Art. 12(5)(a)): the amount, how it was
    # worked out from the administrative costs (printed in the letter), and what shows the
    # request is manifestly unfounded or excessive (kept, not printed).
    fee_pence = models.PositiveIntegerField(null=True, blank=True)
    fee_basis = EncryptedTextField(max_plaintext=2000)
    fee_evidence = EncryptedTextField(max_plaintext=4000)
    refusal_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_proposed_at = models.DateTimeField(null=True, blank=True)
    refusal_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Withholding unit reference -> how many of the draft's items belong to it, for units
    # held back when the draft was compiled (references and counts only: never content).
    held_back_units = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
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

    def clock_facts(self) -> list[deadlines.Fact]:
        """The dated facts the clock is read from: receipt, then each `ClockEvent`."""
        events = self.clock_events.all() if self.pk else []
        return [
            deadlines.Fact(deadlines.FactKind.RECEIVED, self.received_on),
            *(event.fact() for event in events),
        ]

    @property
    def needs_authority(self) -> bool:
        """Someone asking for another person: the clock waits for evidence of authority."""
        return self.requester != Requester.CLIENT

    def clock(self, *, as_of: date | None = None) -> deadlines.Clock:
        return deadlines.Clock.read(
            self.clock_facts(),
            nation=self.nation,
            as_of=as_of or timezone.localdate(),
            starting=deadlines.STARTING_FACTS_FOR_ANOTHER
            if self.needs_authority
            else deadlines.STARTING_FACTS,
        )

    @property
    def awaited(self) -> list[str]:
        """What the clock waits for, in words for the page."""
        return [AWAITED[kind] for kind in self.clock().awaiting]

    def event_on(self, kind: str):
        """The latest clock event of this kind, or None."""
        events = (
            [event for event in self.clock_events.all() if event.kind == kind] if self.pk else []
        )
        return events[-1] if events else None

    def extensions(self) -> list[ClockEvent]:
        return [e for e in self.clock_events.all() if e.kind == deadlines.FactKind.EXTENDED]

    @property
    def identity_event(self):
        return self.event_on(deadlines.FactKind.IDENTITY)

    @property
    def authority_event(self):
        return self.event_on(deadlines.FactKind.AUTHORITY)

    @property
    def identity_received_on(self) -> date | None:
        event = self.identity_event
        return event.on if event else None

    @property
    def clock_start(self) -> date | None:
        """The day the month began (the relevant time, UK GDPR Art. 12A); None until it has."""
        return self.clock().started_on

    @property
    def extension_notice_by(self) -> date | None:
        """The last day to tell the person of an extension (Art. 12A; DPA 2018 s.54(3B))."""
        return self.clock().extension_notice_by()

    @property
    def due_on(self) -> date | None:
        return self.clock().due_on

    @property
    def extension_months(self) -> int:
        return self.clock().extension_months

    @property
    def is_closed(self) -> bool:
        return self.status in (Status.RELEASED, Status.REFUSED)

    @property
    def progress_percent(self) -> int:
        if not self.compile_total:
            return 0
        return min(100, round(100 * self.compile_done / self.compile_total))


class ClockEvent(models.Model):
    """One dated fact about a request's clock: identity information received, a clarification
    asked for (with why it is reasonably required) or received, an extension told to the
    person. The due date is computed from these (`subject_access/deadlines.py`), never stored,
    so a correction to a fact moves every date that depends on it."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="clock_events"
    )
    kind = models.CharField(max_length=24, choices=deadlines.FactKind.choices)
    on = models.DateField()  # the day it happened: asked, arrived, told
    # For identity and authority evidence: the day staff confirmed it, which may be later
    # than the day it arrived (the clock counts from arrival).
    confirmed_on = models.DateField(null=True, blank=True)
    months = models.PositiveSmallIntegerField(default=0)  # an extension's further months
    extension_reason = models.CharField(max_length=12, choices=ExtensionReason.choices, blank=True)
    # Why a clarification is reasonably required to identify the information (Art. 12A).
    reason = EncryptedTextField(max_plaintext=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(months__lte=deadlines.MAX_EXTENSION_MONTHS),
                name="sar_clock_extension_at_most_two_months",
            ),
            models.CheckConstraint(
                condition=Q(kind="extended", months__gte=1) | ~Q(kind="extended") & Q(months=0),
                name="sar_clock_months_only_on_an_extension",
            ),
        ]

    def __str__(self) -> str:
        return f"clock event {self.ref}"

    def encryption_owner(self):
        return self.request.encryption_owner()

    def fact(self) -> deadlines.Fact:
        return deadlines.Fact(self.kind, self.on, self.months)


class ThirdPartyConsent(models.TextChoices):
    GIVEN = "given", "Asked, and they agreed"
    REFUSED = "refused", "Asked, and they refused"
    NOT_SOUGHT = "not_sought", "Not asked"


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
    # For information about another person, how the DPA 2018 Sch. 2 Part 3 para 16 test was
    # applied (subject_access/third_parties.py): their consent, a duty of confidence, and
    # why withholding is reasonable. Blank for the other reasons.
    third_party_consent = models.CharField(
        max_length=12, choices=ThirdPartyConsent.choices, blank=True
    )
    consent_not_sought_why = EncryptedTextField(max_plaintext=2000)
    confidence_owed = models.BooleanField(null=True, blank=True)
    why_reasonable = EncryptedTextField(max_plaintext=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        # No constraint: redactions made before the test was recorded stay as they were.
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
    # Withheld as information about another person: how the DPA 2018 Sch. 2 Part 3 para 16
    # test was applied, as on a redaction (subject_access/third_parties.py).
    third_party_consent = models.CharField(
        max_length=12, choices=ThirdPartyConsent.choices, blank=True
    )
    consent_not_sought_why = EncryptedTextField(max_plaintext=2000)
    confidence_owed = models.BooleanField(null=True, blank=True)
    why_reasonable = EncryptedTextField(max_plaintext=2000)
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


class HealthBasis(models.TextChoices):
    """What lets health data be released or withheld (DPA 2018 Sch. 3 Part 2 paras 5, 6)."""

    ALREADY_SEEN = "already_seen", "The person has already seen it or knows it"
    OPINION = "opinion", "The opinion of the appropriate health professional"


class HealthOpinion(models.TextChoices):
    NOT_MET = "not_met", "Releasing it would not be likely to cause serious harm"
    MET = (
        "met",
        (
            "Releasing some of it would be likely to cause serious harm to the physical or "
            "mental health of the person or someone else"
        ),
    )


class HealthDataBasis(models.Model):
    """The basis recorded for releasing (or withholding for serious harm) the health data in
    an answer: that the person has already seen or knows it, with what shows it, or the
    opinion of the appropriate health professional, with who gave it and when. Never
    changed: a later record takes over (subject_access/health_gate.py reads the latest)."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="health_bases"
    )
    basis = models.CharField(max_length=16, choices=HealthBasis.choices)
    evidence = EncryptedTextField(max_plaintext=2000)  # what shows they have seen it
    professional_name = EncryptedTextField(max_plaintext=200)
    profession = models.CharField(max_length=24, choices=Profession.choices, blank=True)
    register = models.CharField(max_length=60, blank=True)
    register_number = models.CharField(max_length=30, blank=True)
    opinion_on = models.DateField(null=True, blank=True)
    opinion = models.CharField(max_length=8, choices=HealthOpinion.choices, blank=True)
    conclusion = EncryptedTextField(max_plaintext=2000)  # what they concluded, in words
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(basis="opinion")
                | Q(opinion_on__isnull=False) & ~Q(opinion="") & ~Q(profession=""),
                name="sar_health_opinion_has_date_profession_and_conclusion",
            ),
        ]

    def __str__(self) -> str:
        return f"health-data basis {self.ref}"

    def encryption_owner(self):
        return self.request.encryption_owner()


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    EVIDENCE = "evidence", "Request for identity or authority evidence"
    CLARIFICATION = "clarification", "Request for clarification (clock paused)"
    EXTENSION = "extension", "Extension notice"
    REFUSAL = "refusal", "Refusal"
    FEE = "fee", "Request for a fee"


MAX_LETTER_BASE64 = 2_000_000


class SarLetter(models.Model):
    """A letter sent about a request, kept exactly as made (subject_access/letters.py
    composes it): the PDF encrypted with the case file's key, its SHA-256 in the clear."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(max_length=16, choices=LetterKind.choices)
    dated = models.DateField()
    pdf = EncryptedTextField(max_plaintext=MAX_LETTER_BASE64)  # base64 of the PDF bytes
    sha256 = models.CharField(max_length=64)
    # None: made on the server (a refusal the data-protection contact approved there).
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["dated", "issued_at", "pk"]

    def __str__(self) -> str:
        return f"subject access letter {self.ref}"

    def encryption_owner(self):
        return self.request.encryption_owner()

    @property
    def file_name(self) -> str:
        return f"{self.dated.isoformat()}-{self.kind}.pdf"
