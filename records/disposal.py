"""Disposal: destroy a case file's data key, then delete every row the data map lists.

Two steps, each its own transaction, so a disposal cut short (the process killed, the
database gone) is finished by running it again:

1. *Shred*: the case file's wrapped data key is emptied and a tombstone written in state
   "shredded", audited. From this commit on, every ciphertext of the file is unreadable.
2. *Delete*: every row reaching the client through the data map is deleted, in both
   databases (identity may live in its own), deepest first; the tombstone is marked
   complete, audited.

`disposals_resume()` finishes every tombstone left in state "shredded". The tombstone
keeps the reference, dates, who confirmed, the policy applied and counts: no identity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from practice import audit, datamap
from practice.models import User
from practice.permissions import is_practice_admin
from practice.routers import atomic_across_databases
from records import holds, permissions, retention
from records.audit_actions import Action
from records.models import CaseFile, Note, Session, Tombstone

Reason = Tombstone.Reason


class DisposalRefused(ValidationError):
    """The file may not be disposed of now; the message says why."""


# An app higher up says when a reason other than retention or a mistake applies to a file:
# fn(case_file) -> why not ('' when it does). The rights desk registers ERASURE_GRANTED at
# start-up (a granted erasure request for that case file, UK GDPR Art. 17(1)); a reason
# nobody registered is always refused.
ReasonPermit = Callable[[CaseFile], str]
_permits: dict[str, ReasonPermit] = {}


def register_reason_permit(reason: str, permit: ReasonPermit) -> None:
    _permits[reason] = permit


# -- what the data map says about one client ---------------------------------------------


def entries_in_deletion_order() -> list[datamap.ClientDataModel]:
    """Deepest first (an addendum before its note), the case file itself last; the audit
    trail (references only, append-only evidence) is kept."""
    entries = [entry for entry in datamap.registered() if not entry.kept_on_disposal]
    return sorted(
        entries,
        key=lambda entry: (
            entry.model is CaseFile,
            -entry.reaches_client_by.count("__"),
            entry.label,
        ),
    )


def rows_of(record_ref: str) -> dict[str, int]:
    """{model label: rows} held about this client in every registered model, both databases."""
    counts = {}
    for entry in entries_in_deletion_order():
        counted = entry.rows_for(record_ref).count()
        if counted:
            counts[entry.label] = counted
    return counts


# -- what is due, and why ----------------------------------------------------------------


@dataclass
class Candidate:
    case_file: CaseFile
    held_because: list[str] = field(default_factory=list)

    @property
    def why(self) -> str:
        cf = self.case_file
        start = cf.last_contact_on or cf.closed_on
        if cf.retention_basis == retention.CHILD:
            rule = "under 18 then: the set birthday or the adult period, whichever is later"
        elif cf.retention_basis == retention.UNKNOWN:
            rule = "the adult period after the last contact: age not known, confirmed by an admin"
        else:
            rule = "the adult period after the last contact"
        return f"last contact {start:%d %b %Y}; kept until {cf.retain_until:%d %b %Y} ({rule})"


def due_case_files(*, today: date | None = None, within_days: int = 0) -> list[Candidate]:
    """Closed files whose retention has ended (or ends within `within_days`), held or not."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=within_days)
    files = (
        CaseFile.objects.live()
        .therapy_ended()
        .filter(retain_until__lt=horizon)
        .order_by("retain_until", "record_ref")
    )
    return [Candidate(case_file, holds.reasons_for(case_file)) for case_file in files]


def _has_clinical_record() -> models.Q:
    """Case files with a session or a note: never a mistake to undo."""
    return models.Q(pk__in=Session.objects.values("case_file_id")) | models.Q(
        pk__in=Note.objects.values("case_file_id")
    )


def removable_as_mistake() -> models.Q:
    """The case files `disposal_refusal(..., reason=ADDED_BY_MISTAKE)` lets go: not held,
    no sessions, no notes. One filter, so a page can ask in one query (a test holds this
    and the refusal together)."""
    return ~holds.held() & ~_has_clinical_record()


def may_remove_as_mistake(
    actor: User, case_file: CaseFile, *, known_to_have_records: bool = False
) -> bool:
    """Whether to offer "Added by mistake?": the client's own therapist, and a file the
    removal would accept. At most one query; none when the caller has already counted
    sessions or notes on the file (`known_to_have_records`)."""
    if known_to_have_records or not _may_act(actor, case_file, Reason.ADDED_BY_MISTAKE):
        return False
    return CaseFile.objects.filter(removable_as_mistake(), pk=case_file.pk).exists()


def disposal_refusal(case_file: CaseFile, *, reason: str, today: date | None = None) -> str:
    """Why this file may not be disposed of now, or '' when it may."""
    today = today or timezone.localdate()
    held = holds.reasons_for(case_file)
    if held:
        return "The case file is held and cannot be disposed of: " + "; ".join(held) + "."
    if reason == Reason.ADDED_BY_MISTAKE:
        if CaseFile.objects.filter(_has_clinical_record(), pk=case_file.pk).exists():
            return (
                "This client has sessions or notes, so the record is not a mistake to undo: "
                "it is kept for the retention period."
            )
        return ""
    if reason == Reason.ERASURE_GRANTED:
        # A granted erasure overrides the retention period (the decision weighed it,
        # Art. 17(3)); a legal hold still stops it (above).
        permit = _permits.get(reason)
        return permit(case_file) if permit else "Nothing allows an erasure of this case file."
    if case_file.closed_on is None or case_file.retain_until is None:
        return "Therapy has not ended for this case file, so its retention period has not begun."
    if case_file.retain_until >= today:
        return (
            f"Not due yet: the case file is kept until {case_file.retain_until:%d %B %Y} "
            f"and may be disposed of from {case_file.disposal_due_on:%d %B %Y}."
        )
    return ""


# -- the two steps -----------------------------------------------------------------------


def _may_act(actor: User, case_file: CaseFile, reason: str) -> bool:
    if reason == Reason.ADDED_BY_MISTAKE:
        return permissions.is_own_case_file(actor, case_file)
    return is_practice_admin(actor)


def _shred(*, actor: User, case_file: CaseFile, reason: str) -> Tombstone:
    with transaction.atomic(durable=True):
        locked = CaseFile.objects.select_for_update().filter(pk=case_file.pk).first()
        started = Tombstone.objects.filter(record_ref=case_file.record_ref).first()
        if started is not None:  # a disposal of this file began earlier: finish it
            return started
        if locked is None:
            raise DisposalRefused("This case file no longer exists.")
        case_file = locked
        if reason == Reason.RETENTION_ENDED and case_file.closed_on is not None:
            # Decide by the rule as it is now (a date stored under an older rule, or before
            # a date of birth was known, never lets a file go early).
            retention.case_file_retention_refresh(case_file=case_file)
        refusal = disposal_refusal(case_file, reason=reason)
        if refusal:
            raise DisposalRefused(refusal)
        policy = retention.Policy.current()
        tombstone = Tombstone.objects.create(
            record_ref=case_file.record_ref,
            reason=reason,
            confirmed_by=actor,
            opened_on=case_file.opened_on,
            closed_on=case_file.closed_on,
            last_contact_on=case_file.last_contact_on,
            retain_until=case_file.retain_until,
            retention_basis=case_file.retention_basis,
            policy_years_adult=policy.years_adult,
            policy_until_age_child=policy.until_age_child,
            counts=rows_of(case_file.record_ref),
            started_at=timezone.now(),
        )
        case_file.wrapped_key = ""  # crypto-shredding: the only copy of the data key
        case_file.save(update_fields=["wrapped_key"])
        audit.record(
            action=Action.DISPOSAL_STARTED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"reason": reason, "key_destroyed": True},
        )
    return tombstone


def _delete_stored_files(entry: datamap.ClientDataModel, rows) -> None:
    """Files in storage (an export archive, say) go before their rows, so a re-run after an
    interruption still knows their names. Django leaves them behind on a row's deletion."""
    if entry.stored_files is not None:
        for row in rows:
            for name in entry.stored_files(row):
                if name and default_storage.exists(name):
                    default_storage.delete(name)
    model = entry.model
    file_fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
    for name in file_fields:
        for row in rows.exclude(**{name: ""}):
            stored = getattr(row, name)
            if stored and stored.storage.exists(stored.name):
                stored.storage.delete(stored.name)


def _delete_rows(tombstone: Tombstone) -> Tombstone:
    with atomic_across_databases():
        tombstone = Tombstone.objects.select_for_update().get(pk=tombstone.pk)
        if tombstone.is_complete:
            return tombstone
        for entry in entries_in_deletion_order():
            rows = entry.rows_for(tombstone.record_ref)
            _delete_stored_files(entry, rows)
            rows.delete()
        tombstone.state = Tombstone.State.COMPLETE
        tombstone.completed_at = timezone.now()
        tombstone.save(update_fields=["state", "completed_at"])
        audit.record(
            action=Action.DISPOSED,
            actor=tombstone.confirmed_by,
            target_ref=tombstone.record_ref,
            details={
                "reason": tombstone.reason,
                "rows": tombstone.rows_destroyed,
                **tombstone.counts,
            },
        )
    return tombstone


def case_file_dispose(*, actor: User, case_file: CaseFile, reason: str) -> Tombstone:
    """Dispose of one case file: refused (DisposalRefused, saying why) unless allowed now.

    `reason` is Reason.RETENTION_ENDED (an admin, after the retention date),
    Reason.ADDED_BY_MISTAKE (the client's own therapist, only with no sessions or notes) or
    Reason.ERASURE_GRANTED (an admin, only with a granted erasure request for the file,
    never while a legal hold is in force: UK GDPR Art. 17(1), 17(3))."""
    if reason not in Reason.values:
        raise ValueError(f"unknown disposal reason {reason!r}")
    if not _may_act(actor, case_file, reason):
        raise PermissionDenied("You may not dispose of this case file.")
    tombstone = _shred(actor=actor, case_file=case_file, reason=reason)
    return _delete_rows(tombstone)


def disposals_resume() -> list[Tombstone]:
    """Finish every disposal that was cut short after its key was destroyed."""
    unfinished = Tombstone.objects.filter(state=Tombstone.State.SHREDDED).order_by("started_at")
    return [_delete_rows(tombstone) for tombstone in unfinished]


@dataclass
class DisposalOutcome:
    record_ref: str
    tombstone: Tombstone | None = None
    refused: str = ""


def dispose_due(
    *,
    actor: User,
    record_refs: list[str] | None = None,
) -> list[DisposalOutcome]:
    """Finish interrupted disposals, then dispose of every due file (or those listed)."""
    if not is_practice_admin(actor):
        raise PermissionDenied("Only an admin can dispose of records.")
    outcomes = [
        DisposalOutcome(tombstone.record_ref, tombstone) for tombstone in disposals_resume()
    ]
    for candidate in due_case_files():
        ref = candidate.case_file.record_ref
        if record_refs is not None and ref not in record_refs:
            continue
        try:
            tombstone = case_file_dispose(
                actor=actor,
                case_file=candidate.case_file,
                reason=Reason.RETENTION_ENDED,
            )
        except DisposalRefused as refusal:
            outcomes.append(DisposalOutcome(ref, refused=refusal.messages[0]))
        else:
            outcomes.append(DisposalOutcome(ref, tombstone))
    return outcomes
