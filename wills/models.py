"""The professional will: who a therapist names to reach their clients, and the break-glass.

A nomination names one executor (an account holding the executor role) for one therapist and
counts only once an admin who is neither of them countersigns it. An activation is asked by
the executor and approved by a second person; it opens a window of access (after a short
time in which the therapist may cancel, unless the reason is death) that closes by itself.
What the executor did for each client is kept as checklist steps and issued letters, by
reference only: names and contact details stay in the identity database.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Nomination(models.Model):
    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="will_nominations"
    )
    # Empty while the named person has not yet made their account from the invitation.
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="will_executorships",
    )
    # A person named by e-mail (no account yet): the invitation goes out once an admin
    # countersigns. The token is never stored, only its SHA-256; a new link replaces the old.
    invited_email = models.EmailField(blank=True)
    invitation_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    invitation_expires_at = models.DateTimeField(null=True, blank=True)
    invitation_used_at = models.DateTimeField(null=True, blank=True)
    may_send_letters = models.BooleanField(
        "May write to clients",
        default=True,
        help_text="Besides contacting clients, the executor may issue the practice's letter.",
    )
    created_at = models.DateTimeField()
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(therapist=F("executor")), name="will_executor_is_not_the_therapist"
            ),
            models.CheckConstraint(
                condition=Q(countersigned_by__isnull=True)
                | (~Q(countersigned_by=F("therapist")) & ~Q(countersigned_by=F("executor"))),
                name="will_countersigned_by_a_third_person",
            ),
            models.CheckConstraint(
                condition=Q(executor__isnull=False) | ~Q(invited_email=""),
                name="will_names_an_account_or_an_address",
            ),
            models.UniqueConstraint(
                fields=["therapist", "executor"],
                condition=Q(withdrawn_at__isnull=True),
                name="will_one_open_nomination_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"nomination {self.ref}"

    @property
    def is_invitation(self) -> bool:
        return bool(self.invited_email)

    @property
    def awaiting_account(self) -> bool:
        """Named by e-mail, and the person has not yet made an account with two-step
        sign-in set up: until then the naming cannot be used."""
        if not self.is_invitation:
            return False
        if self.executor_id is None:
            return True
        from practice.two_factor import has_confirmed_device

        return not has_confirmed_device(self.executor)

    @property
    def in_force(self) -> bool:
        return (
            self.countersigned_at is not None
            and self.withdrawn_at is None
            and self.executor_id is not None
            and not self.awaiting_account
        )

    @property
    def may_resend_invitation(self) -> bool:
        return (
            self.is_invitation
            and self.executor_id is None
            and self.countersigned_at is not None
            and self.withdrawn_at is None
        )

    @property
    def invitation_expired(self) -> bool:
        return self.invitation_expires_at is not None and self.invitation_expires_at <= (
            timezone.now()
        )

    @property
    def executor_label(self) -> str:
        """Who is named, for staff pages: the account, or the address invited."""
        if self.executor_id is not None:
            executor = self.executor
            name = executor.get_full_name().strip()
            return f"{name} ({executor.username})" if name else executor.username
        return self.invited_email

    @property
    def may_be_asked(self) -> bool:
        """In force, with no activation asked or open (the page asks this, the service
        `activation_ask` enforces it)."""
        return self.in_force and not any(
            activation.state
            in (Activation.State.ASKED, Activation.State.WAITING, Activation.State.LIVE)
            for activation in self.activations.all()
        )

    @property
    def status_label(self) -> str:
        if self.withdrawn_at:
            return "Withdrawn"
        if not self.countersigned_at:
            return "Waiting for an admin to countersign"
        if self.executor_id is None:
            return "Invitation sent: waiting for the person to create their account"
        if self.awaiting_account:
            return "Waiting for the person to set up two-step sign-in"
        return "In force"


class Activation(models.Model):
    class Reason(models.TextChoices):
        DEATH = "death", "The therapist has died"
        INCAPACITY = "incapacity", "The therapist is too ill or otherwise unable to work"
        UNREACHABLE = "unreachable", "The therapist cannot be reached"

    class State(models.TextChoices):
        ASKED = "asked", "Asked, waiting for a second person"
        WAITING = "waiting", "Approved, the therapist may still cancel"
        LIVE = "live", "Access open"
        EXPIRED = "expired", "Access ended (time ran out)"
        ENDED = "ended", "Access ended by an admin"
        CANCELLED = "cancelled", "Cancelled"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="activations")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    unreachable_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # About the therapist (never a client); kept off the audit trail all the same.
    explanation = models.TextField(max_length=1000)
    asked_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    # The records afterwards: an admin records that the case files stay with the practice
    # under the retention policy until disposal (a move to a practitioner is the caseload
    # move, an account change approved by a second admin).
    records_kept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    records_kept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="unreachable") | Q(unreachable_days__gte=1),
                name="will_unreachable_says_for_how_long",
            ),
        ]

    def __str__(self) -> str:
        return f"activation {self.ref}"

    @property
    def therapist(self):
        return self.nomination.therapist

    @property
    def executor(self):
        return self.nomination.executor

    def state_on(self, moment) -> str:
        if self.cancelled_at:
            return self.State.CANCELLED
        if self.ended_at:
            return self.State.ENDED
        if self.approved_at is None:
            return self.State.ASKED
        if moment < self.starts_at:
            return self.State.WAITING
        if moment >= self.ends_at:
            return self.State.EXPIRED
        return self.State.LIVE

    @property
    def state(self) -> str:
        return self.state_on(timezone.now())

    @property
    def state_label(self) -> str:
        return self.State(self.state).label

    @property
    def is_live(self) -> bool:
        return self.state == self.State.LIVE

    @property
    def may_be_cancelled_by_therapist(self) -> bool:
        return self.reason != self.Reason.DEATH and self.state in (
            self.State.ASKED,
            self.State.WAITING,
        )

    @property
    def may_decide_records(self) -> bool:
        """Approved (not cancelled) and nobody has yet recorded that the records stay."""
        return (
            self.approved_at is not None
            and self.cancelled_at is None
            and self.records_kept_at is None
        )

    @property
    def may_be_ended(self) -> bool:
        return self.state in (self.State.WAITING, self.State.LIVE)


class ChecklistStep(models.Model):
    """One step the executor took for one client, kept by record reference."""

    class Step(models.TextChoices):
        CONTACTED = "contacted", "Client contacted"
        REFERRAL = "referral", "Onward referral offered"
        RECORDS = "records", "What happens to the records explained"

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        EMAIL = "email", "E-mail"
        TEXT = "text", "Text message"
        POST = "post", "Letter by post"
        IN_PERSON = "in_person", "In person"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activation = models.ForeignKey(Activation, on_delete=models.PROTECT, related_name="steps")
    record_ref = models.CharField(max_length=20, db_index=True)
    step = models.CharField(max_length=20, choices=Step.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    done_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"will checklist step {self.ref}"


class WillLetter(models.Model):
    """A letter issued to a client under a professional will: when, by whom, how (printed,
    or e-mailed to the address the client gave), and the hash of what was sent."""

    class Channel(models.TextChoices):
        PRINTED = "printed", "Printed (PDF)"
        EMAILED = "emailed", "Sent by e-mail"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activation = models.ForeignKey(Activation, on_delete=models.PROTECT, related_name="letters")
    record_ref = models.CharField(max_length=20, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PRINTED)
    # SHA-256 of the PDF printed, or of the e-mail's subject and text as sent.
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["issued_at"]

    def __str__(self) -> str:
        return f"will letter {self.ref}"
