"""May the client see this? The one rule every client-facing output asks.

A *withholding unit* is something whose rows leave together or not at all: a disclosure
request, with its steps, quoted passages, record of the disclosure, reports and the audit
events that name it. The app that owns a unit registers a source saying, for one case file,
which units are held back: *restricted* (the client must not be told: nobody may put them
in an answer while the restriction stands) or *undecided* (held back unless the reviewer
includes them, with a reason). Every data-map entry declares how its rows reach a unit
(`withheld_with`) or that they do not, and `Screen.rows()` is how an output reads them, so
the rule lives here once and no output keeps a list of its own.

What an answer may say about a held-back item is decided by its reason (`STATEMENTS`):
for crime and tipping-off nothing at all (see README, "What a client is never told").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from practice.datamap import ClientDataModel

RESTRICTED = "restricted"
UNDECIDED = "undecided"


@dataclass(frozen=True)
class HeldBack:
    """One unit held back from the client, as the reviewer is told of it (never content)."""

    unit: str  # the unit's reference
    state: str  # RESTRICTED or UNDECIDED
    why: str  # plain words for the reviewer
    reason: str  # the key that decides what the answer may say (see STATEMENTS)
    review_on: date | None = None  # when a restriction is next reviewed
    path: str = ""  # the unit's own page, for those allowed to see it
    may_view: Callable[[Any], bool] = field(default=lambda actor: False, compare=False)

    @property
    def restricted(self) -> bool:
        return self.state == RESTRICTED


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    held_back: Callable[[str], list[HeldBack]]  # record_ref -> the units held back


_sources: dict[str, Source] = {}


def register_source(
    model: type[models.Model], *, held_back: Callable[[str], list[HeldBack]]
) -> None:
    """Called by the app that owns a withholding unit, from its `AppConfig.ready`."""
    _sources[model._meta.label] = Source(model, held_back)


def unit_models() -> list[type[models.Model]]:
    return [source.model for source in _sources.values()]


# What the answer may say, in general terms, about something held back for each reason.
# None: nothing at all, not even that something was held back.
STATEMENTS: dict[str, str | None] = {
    # Tipping off is an offence (Proceeds of Crime Act 2002 s.333A; Terrorism Act 2000
    # s.21D), and telling would prejudice the prevention or detection of crime, the
    # exemption of DPA 2018 Sch. 2 Part 1 para 2, which covers confirming it exists too.
    "tipping_off": None,
    "investigation": None,
    "crime": None,
    # Telling would itself be likely to cause the serious harm the exemption guards against
    # (DPA 2018 Sch. 3 Part 2 para 5, which covers confirmation of processing as well).
    "risk": None,
    "serious_harm": None,
    # Not yet decided and held back by default: no statement until someone decides.
    "undecided": None,
    # About other people who have not agreed (DPA 2018 Sch. 2 Part 3 para 16): saying so
    # in general terms harms nobody.
    "third_party": "Some information about other people has been withheld because they "
    "have not agreed to its release and it would not be reasonable to release it "
    "without their agreement.",
}


def statement_for(reason: str) -> str | None:
    """The general sentence an answer may carry for `reason` (None: say nothing)."""
    return STATEMENTS.get(reason)


@dataclass
class Screen:
    """The rule for one case file at one moment: which units the client may not see."""

    record_ref: str
    held: dict[str, HeldBack]
    included: frozenset[str] = frozenset()

    def hides(self, unit: str | None) -> bool:
        if not unit or unit not in self.held:
            return False
        entry = self.held[unit]
        return entry.restricted or unit not in self.included

    @property
    def hidden(self) -> list[str]:
        return sorted(unit for unit in self.held if self.hides(unit))

    @property
    def restricted(self) -> list[str]:
        return sorted(unit for unit, entry in self.held.items() if entry.restricted)

    def rows(self, entry: ClientDataModel) -> models.QuerySet:
        """The entry's rows the client may see: every row of a hidden unit left out."""
        return _without(entry, entry.rows_for(self.record_ref), self.hidden).order_by("pk")

    def rows_unless_restricted(self, entry: ClientDataModel) -> models.QuerySet:
        """The rows a compile gathers: undecided units too (tagged by `unit_of`, held apart
        until the reviewer decides), restricted units never."""
        return _without(entry, entry.rows_for(self.record_ref), self.restricted).order_by("pk")


def _without(entry: ClientDataModel, rows: models.QuerySet, units: Iterable[str]):
    units = list(units)
    if not units or entry.withheld_with is None:
        return rows
    path = entry.withheld_with
    # "IN and not null": a row without the path (an audit event naming no unit) gives NULL
    # for IN, and NOT NULL would drop it; the second term makes that a plain false.
    return rows.exclude(Q(**{f"{path}__in": units}) & Q(**{f"{path}__isnull": False}))


def unit_of(entry: ClientDataModel, row: models.Model) -> str | None:
    """The unit a row belongs to, read by following `withheld_with` (foreign keys, then a
    column or a key of a JSON column)."""
    if entry.withheld_with is None:
        return None
    value: Any = row
    for step in entry.withheld_with.split("__"):
        if value is None:
            return None
        value = value.get(step) if isinstance(value, dict) else getattr(value, step, None)
    return str(value) if value else None


def screen_for(record_ref: str, *, included: Iterable[str] = ()) -> Screen:
    """Ask every source which units of this case file are held back from the client."""
    held: dict[str, HeldBack] = {}
    for source in _sources.values():
        for entry in source.held_back(record_ref):
            held[entry.unit] = entry
    return Screen(record_ref, held, frozenset(str(unit) for unit in included))


# -- the rule's coverage: checked by a system check and a test -------------------------


def _reaches(model: type[models.Model], targets: set[str], depth: int = 4) -> list[str]:
    """Forward foreign-key paths (at most `depth` steps) from `model` to a target model."""
    found = []
    frontier: list[tuple[type[models.Model], list[str]]] = [(model, [])]
    for _ in range(depth):
        following = []
        for current, path in frontier:
            if current._meta.label in targets and path:
                found.append("__".join(path))
                continue
            for column in current._meta.concrete_fields:
                if column.is_relation and column.related_model is not None:
                    following.append((column.related_model, [*path, column.name]))
        frontier = following
    found += ["__".join(path) for current, path in frontier if current._meta.label in targets]
    return found


def coverage_problems(entries: Iterable[ClientDataModel]) -> list[str]:
    """Each data-map entry that could carry a unit's data without answering the rule, or
    whose answer does not lead to a unit's reference."""
    targets = {model._meta.label for model in unit_models()}
    problems = []
    for entry in entries:
        label = entry.label
        if entry.withheld_with is None:
            if label in targets or _reaches(entry.model, targets):
                problems.append(
                    f"{label} reaches a withholding unit but declares withheld_with=None"
                )
            continue
        problem = _path_problem(entry.model, entry.withheld_with, targets)
        if problem:
            problems.append(f"{label}: withheld_with={entry.withheld_with!r} {problem}")
    return problems


def _path_problem(model: type[models.Model], path: str, targets: set[str]) -> str | None:
    current = model
    steps = path.split("__")
    for position, step in enumerate(steps):
        try:
            column = current._meta.get_field(step)
        except FieldDoesNotExist:
            return f"names {step!r}, which {current._meta.label} does not have"
        if isinstance(column, models.JSONField):
            # A JSON column names the unit by a key: only the audit trail does this, and
            # the app that writes those events puts the unit's reference under that key.
            return None if position == len(steps) - 2 else "must end at one key of the JSON"
        if column.is_relation:
            current = column.related_model
            continue
        if position != len(steps) - 1:
            return f"goes past the column {step!r}"
        if current._meta.label in targets and step == "ref":
            return None
        if current._meta.label not in targets and isinstance(column, models.CharField):
            return None  # a column holding a unit's reference (a decision on it)
        return "does not end at a withholding unit's ref"
    return "does not end at a withholding unit's ref"
