"""Who may read and write a case file. Small predicates; no HTTP."""

from __future__ import annotations

from practice.models import User
from practice.permissions import is_therapist
from records.models import CaseFile


def is_own_case_file(user: User, case_file: CaseFile) -> bool:
    """Notes are read and written by the client's own therapist, nobody else.

    Supervisors and admins never read notes here (admins reach them only through a
    logged subject-access export)."""
    return is_therapist(user) and case_file.therapist_id == user.pk


def note_refusal(case_file: CaseFile, *, override_reason: str = "") -> str:
    """Why a new note may not be written now, or '' when it may."""
    if case_file.consent_withdrawn:
        return (
            "The client withdrew consent to keeping records on "
            f"{case_file.records_consent_withdrawn_at:%d %B %Y}. No new notes can be written."
        )
    if case_file.consent_declined:
        return (
            "The client declined consent to keeping records on "
            f"{case_file.records_consent_declined_at:%d %B %Y}. No note can be written unless "
            "they give it; record their consent first if they do."
        )
    if case_file.closed_on is not None:
        return "Therapy has ended for this client: the case file is closed to new notes."
    if case_file.may_write_notes:
        return ""
    if case_file.may_override_consent and override_reason.strip():
        return ""
    return (
        "The client has not yet given explicit consent to keeping records. Record their "
        "consent first, or give a reason to write this note without it (for example an "
        "urgent first session)."
    )
