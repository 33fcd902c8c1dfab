"""Reads the record pages need. Callers have already checked the actor owns the case file."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from practice.models import AuditEvent
from records.models import Addendum, CaseFile, Note, Session

NOTES_PER_PAGE = 10
SESSIONS_PER_PAGE = 10


def case_files_by_ref(refs: Iterable[str]) -> dict[str, CaseFile]:
    return {cf.record_ref: cf for cf in CaseFile.objects.filter(record_ref__in=list(refs))}


def case_file_by_ref(ref: str) -> CaseFile:
    return CaseFile.objects.get(record_ref=ref)


def sessions_of(case_file: CaseFile) -> QuerySet[Session]:
    return case_file.sessions.order_by("-date", "-start_time")


def sessions_page(case_file: CaseFile, number) -> Page:
    """One page of sessions, already read (templates do no database work)."""
    page = Paginator(sessions_of(case_file), SESSIONS_PER_PAGE).get_page(number)
    page.object_list = list(page.object_list)
    return page


def notes_page(case_file: CaseFile, number) -> Page:
    notes = (
        case_file.notes.select_related("author", "session")
        .prefetch_related(Prefetch("addenda", queryset=Addendum.objects.select_related("author")))
        .order_by("-created_at")
    )
    return Paginator(notes, NOTES_PER_PAGE).get_page(number)


def note_in(case_file: CaseFile, ref) -> Note:
    return (
        case_file.notes.select_related("author", "session")
        .prefetch_related(Prefetch("addenda", queryset=Addendum.objects.select_related("author")))
        .get(ref=ref)
    )


def session_in(case_file: CaseFile, ref) -> Session:
    return case_file.sessions.get(ref=ref)


def access_history(case_file: CaseFile, limit: int = 25) -> list[AuditEvent]:
    """Who did what to this record, newest first (the "who accessed this record" panel)."""
    return list(AuditEvent.objects.filter(target_ref=case_file.record_ref).order_by("-seq")[:limit])
