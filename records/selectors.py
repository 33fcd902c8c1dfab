"""Reads the record pages need, of a case file the caller reached through
`records.access.access_case_file` (or a service that checked its own rule). Reads only:
no refusal, no 404, no audit here."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from practice.models import AuditEvent, User
from practice.paging import page_read
from records.models import Addendum, CaseFile, Note, Session, Tombstone

NOTES_PER_PAGE = 10
SESSIONS_PER_PAGE = 10


def case_files_by_ref(refs: Iterable[str]) -> dict[str, CaseFile]:
    return {cf.record_ref: cf for cf in CaseFile.objects.filter(record_ref__in=list(refs))}


def case_file_by_ref(ref: str) -> CaseFile:
    return CaseFile.objects.get(record_ref=ref)


def sessions_of(case_file: CaseFile) -> QuerySet[Session]:
    return case_file.sessions.order_by("-date", "-start_time", "-pk")


def sessions_page(case_file: CaseFile, number) -> Page:
    """One page of sessions, already read (templates do no database work)."""
    return page_read(sessions_of(case_file), number, size=SESSIONS_PER_PAGE)


def notes_page(case_file: CaseFile, number) -> Page:
    notes = (
        case_file.notes.select_related("author", "session")
        .prefetch_related(Prefetch("addenda", queryset=Addendum.objects.select_related("author")))
        .order_by("-created_at", "-pk")
    )
    return page_read(notes, number, size=NOTES_PER_PAGE)


def note_in(case_file: CaseFile, ref) -> Note:
    return (
        case_file.notes.select_related("author", "session")
        .prefetch_related(Prefetch("addenda", queryset=Addendum.objects.select_related("author")))
        .get(ref=ref)
    )


def session_to_write_up(case_file: CaseFile) -> Session | None:
    """The session recorded last among those held so far with no note yet: the one the
    therapist has just recorded, even when it is an older session written up late."""
    return (
        case_file.sessions.filter(date__lte=timezone.localdate(), notes__isnull=True)
        .order_by("-created_at", "-date", "-start_time", "-pk")
        .first()
    )


def session_in(case_file: CaseFile, ref) -> Session:
    return case_file.sessions.get(ref=ref)


def access_history(case_file: CaseFile, limit: int = 25) -> list[AuditEvent]:
    """Who did what to this record, newest first (the "who accessed this record" panel)."""
    return list(AuditEvent.objects.filter(target_ref=case_file.record_ref).order_by("-seq")[:limit])


def refs_being_disposed() -> list[str]:
    """Record references whose key is destroyed but whose rows are not yet all deleted."""
    return list(
        Tombstone.objects.filter(state=Tombstone.State.SHREDDED).values_list(
            "record_ref", flat=True
        )
    )


def tombstone_for(record_ref: str) -> Tombstone | None:
    """What is left of a disposed case file (for a subject access request, say), or None."""
    return Tombstone.objects.filter(record_ref=record_ref).first()


def case_file_counts(therapist: User) -> dict[str, int]:
    """How many case files a therapist holds, open and closed (numbers only: for admins)."""
    files = CaseFile.objects.filter(therapist=therapist)
    return {
        "open": files.filter(closed_on__isnull=True).count(),
        "closed": files.filter(closed_on__isnull=False).count(),
    }


def tombstone_by_ref(record_ref: str) -> Tombstone | None:
    """What is left of a disposed file: dates and counts, no identity."""
    return Tombstone.objects.filter(record_ref=record_ref).first()
