"""The record of each time a complaint's letter was e-mailed to the person (DPA 2018
s.164A(3)-(4): the acknowledgement and the outcome reach them). Kept as a model of its own,
beside the letter, so the letter stays exactly as issued: when it was sent, to which letter,
and whether it went; never the address (the complaint's own encrypted contact is where it
came from) and never an error's words (only the kind of failure)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class SendingStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent by e-mail"
    FAILED = "failed", "Could not be sent by e-mail"


class ComplaintLetterSending(models.Model):
    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    letter = models.ForeignKey(
        "rights.ComplaintLetter", on_delete=models.CASCADE, related_name="sendings"
    )
    status = models.CharField(
        max_length=8, choices=SendingStatus.choices, default=SendingStatus.QUEUED
    )
    queued_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The kind of failure (an exception's class name, e.g. "SMTPRecipientsRefused").
    failure = models.CharField(max_length=60, blank=True)

    class Meta:
        app_label = "rights"
        ordering = ["queued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="queued") | Q(finished_at__isnull=False),
                name="complaint_sending_finished_is_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"letter sending {self.ref}"

    @property
    def failed(self) -> bool:
        return self.status == SendingStatus.FAILED
