"""Client identity: the only place where a person's name meets a record reference.

These tables may live in their own database (IDENTITY_DATABASE_URL), so nothing here is a
foreign key to the other side: the case file is reached by `record_ref`, the therapist
by `therapist_id`.
"""

from __future__ import annotations

import unicodedata
import uuid

from django.db import models
from django.db.models import Q

# The identity details a therapist edits, in the order the form shows them. The form and
# the services both use this list, so a new field is added in one place.
IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "age_if_no_birth_date",
    "status",
    "email",
    "phone",
    "preferred_contact",
    "message_guidance",
    "address",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "emergency_contact_phone",
    "gp_name",
    "gp_address",
    "gp_phone",
    "contacts_for_executor",
)


ADULT_AGE = 18
AGE_CHOICES = [(ADULT_AGE, "18 or over")] + [(age, str(age)) for age in range(17, 3, -1)]


class Client(models.Model):
    class Status(models.TextChoices):
        ENQUIRY = "enquiry", "Enquiry"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "E-mail"
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        POST = "post", "Post"

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record_ref = models.CharField(max_length=20, unique=True, editable=False)
    therapist_id = models.BigIntegerField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    given_name = models.CharField("First name", max_length=100)
    family_name = models.CharField("Last name", max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # When the date of birth is not known: the age the therapist knows (at or before the end
    # of therapy), or ADULT_AGE for "18 or over". A child's records are kept until a set
    # birthday, so a file whose client's age is unknown is held until an admin confirms the
    # adult rule (records/retention.py).
    age_if_no_birth_date = models.PositiveSmallIntegerField(
        "Age, if the date of birth is not known",
        null=True,
        blank=True,
        choices=AGE_CHOICES,
        help_text=(
            "Their age at the end of therapy, or when you last knew it: an earlier age "
            "only keeps the records longer. Leave empty when you give the date of birth."
        ),
    )

    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    message_guidance = models.CharField(
        "What may be said in a message or voicemail",
        max_length=300,
        blank=True,
        help_text="For example: 'Only my first name; do not mention counselling.'",
    )
    address = models.TextField(blank=True)

    emergency_contact_name = models.CharField(max_length=200, blank=True)
    emergency_contact_relationship = models.CharField(max_length=100, blank=True)
    emergency_contact_phone = models.CharField(max_length=40, blank=True)

    gp_name = models.CharField("GP or GP practice", max_length=200, blank=True)
    gp_address = models.TextField("GP address", blank=True)
    gp_phone = models.CharField("GP phone", max_length=40, blank=True)
    # The professional will (issue 25): the executor sees the GP and the emergency contact
    # only where the client agreed to it.
    contacts_for_executor = models.BooleanField(
        "The client agrees that, if I die or cannot work, the person named in my professional "
        "will may see their GP and emergency contact",
        default=False,
        help_text="The executor always sees how to contact the client; this adds the GP and "
        "the emergency contact, so they can be told if the client needs support.",
    )

    # The names as search matches them (see `search_form`), kept by the services.
    search_name = models.CharField(max_length=400, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["therapist_id", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_name="") & ~Q(family_name=""), name="client_has_a_name"
            ),
            models.CheckConstraint(
                condition=Q(age_if_no_birth_date__isnull=True)
                | Q(age_if_no_birth_date__lte=ADULT_AGE, date_of_birth__isnull=True),
                name="client_age_only_without_birth_date",
            ),
        ]

    def __str__(self) -> str:
        return f"client {self.ref}"

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.given_name
        return f"{first} {self.family_name}"

    @property
    def age_known(self) -> bool:
        """Whether retention can tell if this client was a child at the end of therapy."""
        return self.date_of_birth is not None or self.age_if_no_birth_date is not None

    @property
    def child_age_known(self) -> bool:
        """What a child's records need to be kept long enough: the date of birth, or an age
        under 18 stated when it is not known."""
        return self.date_of_birth is not None or (
            self.age_if_no_birth_date is not None and self.age_if_no_birth_date < ADULT_AGE
        )

    def age_on(self, day) -> int | None:
        if not self.date_of_birth:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def search_form(text: str) -> str:
    """Text as name search compares it: case and accents folded, so "zoe", "ZOE" and
    "Zoë" are the same (the same on SQLite and PostgreSQL, with no database extension)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_name_of(client: Client) -> str:
    return search_form(" ".join((client.given_name, client.family_name, client.preferred_name)))


class ParentalResponsibility(models.Model):
    """A person with parental responsibility for a client who is a child."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="parents")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people with parental responsibility"

    def __str__(self) -> str:
        return f"parental responsibility {self.ref}"
