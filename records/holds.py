"""Legal holds: while a case file is held, it is never disposed of.

Two kinds. An admin places a hold (a court case, a complaint...) with a reason, and lifts it;
both audited. And apps higher up hold a file automatically while something is open there
(a subject access request, a disclosure request): each registers a source at start-up,

    from records import holds
    holds.register_source(open_request_holds,      # fn(case_file) -> list of reasons
                          holding=open_request_holding)  # fn() -> Q of the files held

and a source returning any reason blocks disposal for as long as it does. Reasons are short
plain sentences with no identity or content ("An open subject access request").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from practice import audit
from practice.models import User
from practice.permissions import is_practice_admin
from records.audit_actions import Action
from records.models import CaseFile, LegalHold

HoldSource = Callable[[CaseFile], Iterable[str]]
Holding = Callable[[], Q]  # which case files the source holds, as a filter on CaseFile
_sources: dict[HoldSource, Holding] = {}


def register_source(source: HoldSource, *, holding: Holding) -> None:
    """Register fn(case_file) -> reasons the file is held (empty when it is not), and
    holding() -> a filter on CaseFile matching the same files, so lists of held and
    unheld files are read in the database (tests hold the two together)."""
    _sources.setdefault(source, holding)


def unregister_source(source: HoldSource) -> None:
    _sources.pop(source, None)


def automatic_reasons(case_file: CaseFile) -> list[str]:
    return [str(reason) for source in _sources for reason in source(case_file)]


def in_force() -> Q:
    """The case files under a legal hold placed by an admin and not lifted."""
    return Q(pk__in=LegalHold.objects.filter(lifted_at__isnull=True).values("case_file_id"))


def automatic() -> Q:
    """The case files some registered source holds (an open request, an unknown age)."""
    condition = Q(pk__in=[])
    for holding in _sources.values():
        condition |= holding()
    return condition


def held() -> Q:
    """The case files `reasons_for` would give any reason for: a filter on CaseFile."""
    condition = in_force()
    for holding in _sources.values():
        condition |= holding()
    return condition


def reasons_for(case_file: CaseFile) -> list[str]:
    """Every reason this file may not be disposed of now: holds in force, then automatic."""
    manual = [
        f"Legal hold ({hold.get_kind_display().lower()}), placed by "
        f"{hold.placed_by.get_username()} on {hold.placed_at:%d %B %Y}"
        for hold in case_file.legal_holds.filter(lifted_at__isnull=True).select_related("placed_by")
    ]
    return manual + automatic_reasons(case_file)


def legal_hold_place(
    *,
    actor: User,
    case_file: CaseFile,
    kind: str,
    details: str = "",
) -> LegalHold:
    if not is_practice_admin(actor):
        raise PermissionDenied("Only an admin can place a legal hold.")
    if kind not in LegalHold.Kind.values:
        raise ValidationError({"kind": "Choose why the file is held."})
    if len(details) > 2000:
        raise ValidationError({"details": "Keep the reason under 2,000 characters."})
    with transaction.atomic(durable=True):
        case_file = CaseFile.objects.select_for_update().get(pk=case_file.pk)
        if case_file.is_shredded:
            raise ValidationError("This case file has already been disposed of.")
        hold = LegalHold(case_file=case_file, kind=kind, placed_by=actor, placed_at=timezone.now())
        hold.set_details(details.strip())
        hold.save()
        audit.record(
            action=Action.HOLD_PLACED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"hold": str(hold.ref), "kind": kind},
        )
    return hold


def legal_hold_lift(*, actor: User, hold: LegalHold) -> LegalHold:
    if not is_practice_admin(actor):
        raise PermissionDenied("Only an admin can lift a legal hold.")
    with transaction.atomic(durable=True):
        hold = LegalHold.objects.select_for_update().select_related("case_file").get(pk=hold.pk)
        if not hold.in_force:
            raise ValidationError("This hold was already lifted.")
        hold.lifted_by, hold.lifted_at = actor, timezone.now()
        hold.save(update_fields=["lifted_by", "lifted_at"])
        audit.record(
            action=Action.HOLD_LIFTED,
            actor=actor,
            target_ref=hold.case_file.record_ref,
            details={"hold": str(hold.ref), "kind": hold.kind},
        )
    return hold
