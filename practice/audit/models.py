"""The audit trail's tables: the chain, its head, the queue of entries waiting to be
linked into it, and the signed results of verification runs.

An action's transaction writes its event as an `AuditEntry` only when another writer is
linking the chain at that moment (see `practice.audit.sequencer`); otherwise it links the
event straight away, as before. Either way the event commits or rolls back with the action.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.crypto import constant_time_compare

from practice.audit.keys import keyed_digest


class AuditContent(models.Model):
    """What one event says, the same whether it is on the chain or waiting to be linked:
    these fields, in this order, are what its hash and its queue signature cover
    (`practice.audit.canonical`)."""

    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64)
    target_ref = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True


class AuditEvent(AuditContent):
    """One link in the append-only, hash-chained audit trail.

    Written only through `practice.audit.record`, straight away or from the queue of
    entries (`practice.audit.sequencer`). The database refuses UPDATE, DELETE and TRUNCATE
    on this table (see `practice/migrations/_audit_triggers.py`). Details never hold client
    content.
    """

    seq = models.PositiveBigIntegerField(primary_key=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The queued entry this event was linked from, if it waited (outside the hash).
    entry = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-seq"]
        # Every filter of the audit page and the "who accessed this record" panel reads
        # newest first within one of these, without scanning the table.
        indexes = [
            models.Index(fields=["target_ref", "-seq"], name="audit_target_seq"),
            models.Index(fields=["action", "-seq"], name="audit_action_seq"),
            models.Index(fields=["actor_label", "-seq"], name="audit_actor_seq"),
            models.Index(fields=["created_at"], name="audit_created_at"),
        ]

    def __str__(self) -> str:
        return f"audit event {self.seq}"


class AuditChainHead(models.Model):
    """The single row a writer locks while it links events, so they form one linear chain.

    An action that finds it locked queues its event instead of waiting for it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="audit_head_singleton")]

    def __str__(self) -> str:
        return "audit chain head"


class AuditVerification(models.Model):
    """The result of one `verify_audit` run, signed under `AUDIT_KEY`.

    The audit page shows the latest instead of recomputing the chain on every view, and
    the next run starts from its verified head (which must still be on the chain).
    """

    ran_at = models.DateTimeField()
    ok = models.BooleanField()
    full = models.BooleanField(default=False)
    checked = models.PositiveBigIntegerField(default=0)
    head_seq = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, blank=True)
    broken_seq = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    # What this run raised the alarm about ("forged:12", "withheld:13", "replay:<token>"),
    # so the next run can say which alarms are new.
    alarms = models.JSONField(default=list, blank=True)
    signature = models.CharField(max_length=64)

    class Meta:
        get_latest_by = "ran_at"

    def __str__(self) -> str:
        return f"audit verification {self.pk}"

    def _message(self) -> str:
        parts = [
            self.ran_at.isoformat(),
            self.ok,
            self.full,
            self.checked,
            self.head_seq,
            self.head_hash,
            self.broken_seq,
            self.reason,
        ]
        if self.alarms:  # signed too; a run without alarms signs what it always did
            parts.append(",".join(sorted(self.alarms)))
        return "|".join(str(part) for part in parts)

    @classmethod
    def signed(cls, **values) -> AuditVerification:
        row = cls(**values)
        row.signature = keyed_digest("verification", row._message())
        row.save(force_insert=True)
        return row

    def signature_valid(self) -> bool:
        return constant_time_compare(keyed_digest("verification", self._message()), self.signature)

    @classmethod
    def latest(cls) -> AuditVerification | None:
        return cls.objects.order_by("-ran_at", "-pk").first()


class AuditEntry(AuditContent):
    """An event written while another writer held the chain, waiting to be linked.

    Signed under `AUDIT_KEY` when written (`mac`), so a row slipped into this table by
    someone without the key is rejected instead of being linked and signed. The database
    lets a row be deleted only once its event is on the chain (matched by `token`), and
    lets nothing change but the `rejected` flag (see `_audit_triggers`).
    """

    token = models.UUIDField(unique=True)
    mac = models.CharField(max_length=64)
    rejected = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"audit entry {self.pk}"
