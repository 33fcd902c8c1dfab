"""The one door to a case file: `access_case_file(actor, ref, *, purpose)`.

It decides whether `actor` may use the case file for `purpose` and, when not, records the
refused attempt, once, in the same place. Unknown and forbidden look the same (a 404), so
a reference cannot be used to learn whether a record exists. Selectors never decide or
audit; pages reach a case file only through here.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from practice import audit
from records.audit_actions import Action
from records.models import CaseFile
from records.permissions import is_own_case_file

READ = "read"
WRITE = "write"
PURPOSES = (READ, WRITE)


class CaseFileNotFound(Http404):
    """No such case file, or not one this person may use: the same answer for both."""


def access_case_file(actor, ref: str, *, purpose: str) -> CaseFile:
    """The case file `ref` if `actor` may use it for `purpose` (READ or WRITE).

    Today both purposes need the client's own therapist; callers still say which they
    need, so a future read-only role changes this one function. A caller that could not
    map its own reference to a record passes what was asked for, and gets the same
    refusal, recorded against it."""
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown purpose {purpose!r}")
    case_file = CaseFile.objects.filter(record_ref=ref).first() if ref else None
    # A file whose key is destroyed is being disposed of (records/disposal.py): nothing of
    # it can be read or written any more, by anyone.
    if case_file is None or not case_file.wrapped_key or not is_own_case_file(actor, case_file):
        access_refused_record(actor, ref, purpose=purpose)
        raise CaseFileNotFound("No such record")
    return case_file


def access_refused_record(actor, ref: str, *, purpose: str) -> None:
    """Record a refused attempt at a record, once: by a colleague, a supervisor or an admin
    (whose role alone refuses them before any object is looked up)."""
    with transaction.atomic():
        audit.record(
            action=Action.ACCESS_DENIED,
            actor=actor,
            target_ref=audit.reference_or(str(ref)[:64], ""),
            details={"purpose": purpose},
        )
