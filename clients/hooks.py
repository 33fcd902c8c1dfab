"""Extra caseload columns that higher apps register at start-up (`AppConfig.ready`).

`clients` never imports the apps above it; an app that wants a column on the caseload
registers a heading and a function that takes the page's record references and returns
{record_ref: (label, css_class)} from one batched query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

CellFunction = Callable[[list[str]], dict[str, tuple[str, str]]]


@dataclass(frozen=True)
class CaseloadColumn:
    heading: str
    cells: CellFunction


_columns: list[CaseloadColumn] = []


def register_caseload_column(heading: str, cells: CellFunction) -> None:
    if all(column.heading != heading for column in _columns):
        _columns.append(CaseloadColumn(heading, cells))


def caseload_columns(
    record_refs: list[str],
) -> tuple[list[str], list[list[tuple[str, str, str]]]]:
    """Headings, and for each record reference in order, its cells as (heading, label,
    css_class), ("—", "") when a column has nothing for it."""
    headings = [column.heading for column in _columns]
    values = [column.cells(record_refs) for column in _columns]
    rows = [
        [
            (heading, *cells.get(ref, ("—", "")))
            for heading, cells in zip(headings, values, strict=True)
        ]
        for ref in record_refs
    ]
    return headings, rows


# -- a client moved to another therapist -------------------------------------------------

TherapistChange = Callable[..., int]
_therapist_change: list[TherapistChange] = []


def register_therapist_change(function: TherapistChange) -> None:
    """`function(*, record_refs, at)` runs inside the move's transaction and returns how
    many of its rows it flagged (contracting asks for a new agreement this way)."""
    if function not in _therapist_change:
        _therapist_change.append(function)


def therapist_changed(*, record_refs: list[str], at: datetime) -> int:
    return sum(function(record_refs=record_refs, at=at) for function in _therapist_change)


def client_facts(record_ref: str) -> list[tuple[str, str, str]]:
    """The same registered columns for one client, shown on the client's own page."""
    _, (row,) = caseload_columns([record_ref])
    return row


# -- sections of the client page ----------------------------------------------------------

SectionFunction = Callable[..., dict]


@dataclass(frozen=True)
class ClientSection:
    template: str
    context: SectionFunction  # (actor=, case_file=) -> the section's context


_sections: list[ClientSection] = []


def register_client_section(template: str, context: SectionFunction) -> None:
    """A higher app adds a section to the client page (after the notes)."""
    if all(section.template != template for section in _sections):
        _sections.append(ClientSection(template, context))


def client_sections(*, actor, case_file) -> list[tuple[str, dict]]:
    """(template, context) for each registered section, for this client's own therapist."""
    return [
        (section.template, section.context(actor=actor, case_file=case_file))
        for section in _sections
    ]
