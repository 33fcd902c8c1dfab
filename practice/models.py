"""The core tables: staff, supervision, the practice profile and the audit trail."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp.models import Device, ThrottlingMixin

from practice.health_professionals import Profession
from practice.roles import Role


class User(AbstractUser):
    """A member of staff. Never deleted: deactivated, so the audit trail keeps its actors."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Set only by the demo seeder: `demo_code` prints codes for these accounts and no other.
    is_demo = models.BooleanField(default=False, editable=False)
    # Who last changed the e-mail address, and when: no password-reset link goes to an
    # address someone else set in the last few days (practice/account_changes.py).
    email_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_changed_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # A health professional in the sense of DPA 2018 s.204, or not (most counsellors are
    # not): subject access asks it before health data is released or withheld.
    health_profession = models.CharField(max_length=24, choices=Profession.choices, blank=True)
    health_register = models.CharField(max_length=60, blank=True)
    health_register_number = models.CharField(max_length=30, blank=True)
    # The professional body the person is a member of (or registered with) and their number
    # there: a client's report carries them. Blank body: the practice profile's.
    professional_body = models.CharField(
        max_length=200,
        blank=True,
        help_text="For example: British Association for Counselling and Psychotherapy (BACP). "
        "Leave empty to use the practice's.",
    )
    registration_number = models.CharField(
        "Membership or registration number",
        max_length=40,
        blank=True,
        help_text="Your number with that body, as it appears on its register.",
    )
    # Moved on whenever the person's roles or second-factor devices change: a signed-in
    # request trusts the roles and verified device its session holds only while the stamp
    # it holds is this one (practice/session_access.py), so a change stops them at once.
    access_stamp = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        permissions = [
            ("keep_caseload", "Keep a caseload and write session notes"),
            ("review_disclosures", "Review disclosure requests of supervisees"),
            ("manage_staff", "Manage staff accounts and roles"),
            ("manage_practice", "Edit the practice profile"),
            ("view_audit_trail", "Read the audit trail"),
        ]

    def __str__(self) -> str:
        return self.username

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Staff accounts are deactivated, never deleted.")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_health_professional(self) -> bool:
        """A health professional in the sense of DPA 2018 s.204."""
        return bool(self.health_profession)

    @property
    def role_names(self) -> set[str]:
        """Role names held (cached on the instance; prefetch `groups` for lists)."""
        if not hasattr(self, "_role_names"):
            self._role_names = {group.name for group in self.groups.all()}
        return self._role_names

    def has_role(self, role: Role | str) -> bool:
        return self.is_active and str(role) in self.role_names

    @property
    def is_therapist(self) -> bool:
        return self.has_role(Role.THERAPIST)

    @property
    def held_therapist_role(self) -> bool:
        """Holds the therapist role, active or not: a leaver may still have a caseload."""
        return str(Role.THERAPIST) in self.role_names

    @property
    def is_supervisor(self) -> bool:
        return self.has_role(Role.SUPERVISOR)

    @property
    def is_practice_admin(self) -> bool:
        return self.has_role(Role.ADMIN)


class SupervisionQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> SupervisionQuerySet:
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def in_force(self, on: date | None = None) -> SupervisionQuerySet:
        """The links that make someone a supervisor of a therapist on a day: current, with
        an active supervisor who holds the supervisor role and is not the therapist.
        `practice.permissions.supervises` and its querysets are built on this alone."""
        return (
            self.current(on)
            .filter(supervisor__is_active=True, supervisor__groups__name=Role.SUPERVISOR)
            .exclude(supervisor=models.F("therapist"))
        )


class Supervision(models.Model):
    """A therapist is supervised by a supervisor between two dates."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    therapist = models.ForeignKey(User, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="supervisees")
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(therapist=models.F("supervisor")),
                name="supervision_not_self",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="supervision_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"supervision {self.pk}"

    def clean(self) -> None:
        if self.therapist_id and self.therapist_id == self.supervisor_id:
            raise ValidationError("A therapist cannot supervise themselves.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date is before the start date."})


class Nation(models.TextChoices):
    """The UK nation whose bank holidays count (they differ, e.g. for subject-access deadlines)."""

    ENGLAND_WALES = "ENG", "England and Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"


NO_TRANSFERS = "We do not send your information outside the United Kingdom."


class PracticeProfile(models.Model):
    """The practice itself: one per installation (the row with primary key 1)."""

    name = models.CharField(max_length=200, default="")
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    ico_registration_number = models.CharField(
        "ICO registration number",
        max_length=20,
        blank=True,
        help_text="The number on your data-protection fee certificate, e.g. ZA123456.",
    )
    data_protection_contact = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who clients write to about their data: a name or role and an address.",
    )
    retention_years_adult = models.PositiveSmallIntegerField(
        "Keep adult records for (years after last contact)", default=7
    )
    retention_until_age_child = models.PositiveSmallIntegerField(
        "Keep a child's records at least until they are this age",
        default=25,
        help_text="At least 25 (the NHS Records Management Code); one year more for someone "
        "who was 17 at the end of therapy.",
    )
    complaints_route = models.TextField(
        blank=True,
        help_text="How a client raises a complaint with the practice, and with whom.",
    )
    # UK GDPR Arts. 13(1)(f) and 15(2): where information goes outside the UK and under which
    # safeguard. A fact about the practice, printed in the privacy notice and the answer to a
    # subject access request; the practice changes it when its suppliers change.
    transfers_outside_uk = models.TextField(
        "Transfers outside the UK",
        default=NO_TRANSFERS,
        help_text="Whether any of your suppliers keep client information outside the UK, "
        "where, and the safeguard (for example the UK adequacy regulations, or the "
        "International Data Transfer Agreement). Clients read this as you write it.",
    )
    professional_body = models.CharField(
        max_length=200,
        blank=True,
        default="British Association for Counselling and Psychotherapy (BACP)",
    )
    # What the agreement says about working arrangements (issue 24, item 6): each is a fact
    # of this practice, so a document promises only what is true here.
    professional_will = models.TextField(
        "If a therapist dies or cannot work",
        blank=True,
        help_text="Your professional will, in a sentence or two a client can read: who will "
        "contact clients if their therapist dies or is suddenly unable to work, and what then "
        "happens to their records. Agreements cannot be given to clients until this is filled in.",
    )
    between_sessions = models.TextField(
        "Contact between sessions",
        blank=True,
        help_text="How and when clients may get in touch between sessions, and how quickly they "
        "can expect a reply. Left empty, the agreement says contact is for arranging sessions "
        "only and names where to find urgent help.",
    )
    online_sessions = models.TextField(
        "Online or telephone sessions",
        blank=True,
        help_text="If you offer them: how they take place (for example which video service) and "
        "what the client can do to keep them private. Left empty, the agreement says sessions "
        "take place in person.",
    )
    sessions_recorded = models.BooleanField(
        "Sessions are sometimes recorded, with the client's written agreement",
        default=False,
        help_text="Leave unticked if no session is ever recorded.",
    )
    training_use = models.BooleanField(
        "Anonymised material from the work is sometimes used in training or teaching, with the "
        "client's agreement",
        default=False,
        help_text="Leave unticked if it never is. Supervision is described either way.",
    )
    nation = models.CharField(
        "Nation the practice is in",
        max_length=3,
        choices=Nation.choices,
        default=Nation.ENGLAND_WALES,
        help_text="Its bank holidays move deadlines such as a subject access request's.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="practice_profile_singleton"),
            models.CheckConstraint(
                condition=Q(retention_years_adult__gte=1) & Q(retention_years_adult__lte=100),
                name="practice_retention_years_sane",
            ),
            models.CheckConstraint(
                condition=Q(retention_until_age_child__gte=25)
                & Q(retention_until_age_child__lte=100),
                name="practice_retention_child_age_sane",
            ),
        ]

    def __str__(self) -> str:
        return "practice profile"

    @classmethod
    def load(cls) -> PracticeProfile:
        profile, _ = cls.objects.get_or_create(pk=1)
        return profile

    @property
    def missing_details(self) -> list[str]:
        """Labels of the details a contract or privacy notice needs and the profile lacks."""
        required = {
            "name": "practice name",
            "address": "address",
            "ico_registration_number": "ICO registration number",
            "data_protection_contact": "data-protection contact",
            "complaints_route": "complaints route",
            "professional_will": "who contacts clients if a therapist dies or cannot work",
            "transfers_outside_uk": "transfers outside the UK",
        }
        return [label for field, label in required.items() if not getattr(self, field).strip()]


class AccountChange(models.Model):
    """A change that could hand an account, or a colleague's clients, to someone else:
    asked by one person and approved by a second (rules in practice/account_changes.py
    and, for grants of access to client data, practice/access_grants.py)."""

    class Kind(models.TextChoices):
        EMAIL = "email", "change of e-mail address"
        PASSWORD = "password", "password reset"  # noqa: S105 - a kind of change
        SECOND_FACTOR = "second_factor", "second-factor reset"
        ROLE = "role", "grant of a role that reads client data"
        SUPERVISION = "supervision", "new supervision link"
        CASELOAD = "caseload", "move of a caseload"

    class Status(models.TextChoices):
        PENDING = "pending", "waiting for approval"
        APPLIED = "applied", "approved and applied"
        REFUSED = "refused", "refused"
        CANCELLED = "cancelled", "cancelled"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    new_email = models.EmailField(blank=True)
    # A role grant names the role; a supervision link its supervisor (the account is the
    # therapist) and first day; a caseload move the therapist it goes to (the account is
    # the leaver). The counterpart gains access, so never decides the change.
    role = models.CharField(max_length=20, blank=True, choices=Role.choices)
    counterpart = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_label = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    owner_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requested_by=models.F("decided_by")),
                name="account_change_second_person",
            ),
            models.CheckConstraint(
                condition=~Q(kind="email") | ~Q(new_email=""),
                name="account_change_email_has_address",
            ),
            models.CheckConstraint(
                condition=~Q(kind="role") | ~Q(role=""),
                name="account_change_role_named",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["supervision", "caseload"]) | Q(counterpart__isnull=False),
                name="account_change_counterpart_named",
            ),
            # Nobody decides a change that gives them access, and a caseload never moves
            # to the person who asked for the move.
            models.CheckConstraint(
                condition=~Q(decided_by=models.F("account"))
                & ~Q(decided_by=models.F("counterpart")),
                name="account_change_not_own_benefit",
            ),
            models.CheckConstraint(
                condition=~Q(kind="caseload") | ~Q(counterpart=models.F("requested_by")),
                name="account_change_caseload_not_to_asker",
            ),
        ]

    def __str__(self) -> str:
        return f"account change {self.ref}"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and timezone.now() >= self.expires_at


# -- second factor: one-time recovery codes, stored hashed -------------------------------


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A django-otp device whose tokens are single-use recovery codes, kept only as hashes."""

    class Meta(Device.Meta):
        verbose_name = "recovery code set"

    def __str__(self) -> str:
        return f"recovery codes {self.pk}"

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        normalised = normalise_recovery_code(str(token))
        with transaction.atomic():
            # Lock the set while checking, so one code cannot pass two checks at once.
            codes = RecoveryCode.objects.select_for_update().filter(
                device=self, used_at__isnull=True
            )
            for code in codes:
                if code.matches(normalised):
                    code.used_at = timezone.now()
                    code.save(update_fields=["used_at"])
                    self.throttle_reset()
                    return True
        self.throttle_increment()
        return False


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code {self.pk}"

    @staticmethod
    def hash_code(code: str, salt: str) -> str:
        digest = hashlib.pbkdf2_hmac("sha256", code.encode(), salt.encode(), 20_000)
        return digest.hex()

    def matches(self, normalised: str) -> bool:
        return constant_time_compare(self.hash_code(normalised, self.salt), self.code_hash)


class FormSubmission(models.Model):
    """One use of a form's one-time token (`practice/idempotency.py`).

    The token is unique: a second POST of the same form (a double click, a resubmit) finds
    this row and is sent to the first one's result instead of creating anything again."""

    token = models.CharField(max_length=64, unique=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    form = models.CharField(max_length=120)
    # Where the first submission led; empty while it is still being processed.
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"form submission {self.pk}"


# The audit trail's tables live in their own module; imported here so Django sees them.
from practice.audit.models import (  # noqa: E402
    AuditChainHead,
    AuditEntry,
    AuditEvent,
    AuditVerification,
)

__all__ = [
    "AccountChange",
    "AuditChainHead",
    "AuditEntry",
    "AuditEvent",
    "AuditVerification",
    "FormSubmission",
    "Nation",
    "PracticeProfile",
    "RecoveryCode",
    "RecoveryCodeDevice",
    "Supervision",
    "User",
]
