"""Restriction of processing (UK GDPR Art. 18) as a state of the case file.

While a case file is restricted it may only be stored: every write refuses
(`CaseFile.write_refusal`, asked by `records.services.common.require_writable`), every page
that shows it says so, and every audited read records that it was read while restricted.
Reading stays possible for the client's own subject access answer and for legal claims
(Art. 18(2)). A restricted file is also held from disposal: the client asked for it to be kept.

The rights desk (higher up) sets and clears the state through these two pieces, inside its
own transaction, which also writes the audit event.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q

from practice.actions import part_of_action
from records.models import CaseFile, RestrictionGround


@part_of_action("rights.services.restriction.restriction_apply")
def case_file_restrict(*, case_file: CaseFile, ground: str, since: date, by: str) -> CaseFile:
    """Mark the file restricted from `since` on `ground`, for the request `by`."""
    if ground not in RestrictionGround.values:
        raise ValidationError({"ground": "Choose the ground for the restriction."})
    locked = CaseFile.objects.select_for_update().get(pk=case_file.pk)
    if locked.is_shredded:
        raise ValidationError("This case file has been disposed of.")
    if locked.is_restricted:
        raise ValidationError("Processing of this case file is already restricted.")
    locked.restricted_since, locked.restriction_ground, locked.restricted_by = since, ground, by
    locked.save(update_fields=["restricted_since", "restriction_ground", "restricted_by"])
    return locked


@part_of_action("rights.services.restriction.restriction_lift")
def case_file_unrestrict(*, case_file: CaseFile, by: str) -> CaseFile:
    """Clear the restriction the request `by` placed (and only that one)."""
    locked = CaseFile.objects.select_for_update().get(pk=case_file.pk)
    if not locked.is_restricted or locked.restricted_by != by:
        raise ValidationError("This request's restriction is not in force.")
    locked.restricted_since, locked.restriction_ground, locked.restricted_by = None, "", ""
    locked.save(update_fields=["restricted_since", "restriction_ground", "restricted_by"])
    return locked


def restriction_holds(case_file: CaseFile) -> list[str]:
    """A restricted file is not disposed of (Art. 18(1)(b), (c): the client wants it kept)."""
    return ["Processing restricted (UK GDPR Article 18)"] if case_file.is_restricted else []


def restricted() -> Q:
    return Q(restricted_since__isnull=False)
