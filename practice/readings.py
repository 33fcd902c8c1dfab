"""How a data-map field reads to a client: its label, and how its value is shown.

Each app registers, beside its data-map entry (`datamap.register(..., reads=...)`), a
`Reading` for the model: a title for one row ("Session on {date}"), the fields a client is
shown, each with its words and its kind of value, and the fields that are machinery
(hashes, sizes, search keys, flags, references, sources) and stay in the machine-readable
answer only. `tests/subject_access/test_reading.py` fails when a field a model exports is
in neither list, so a new field cannot reach a client's document under its column name.

At run time nothing here fails a client's document: a value that cannot be shown is left
out (the suite catches the cause), never printed raw.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from string import Formatter
from typing import Any

from django.utils import timezone

# What a value is, so it reads as words: "2 December 2026", "2 December 2026, 13:08".
KINDS = frozenset({"text", "date", "datetime", "time", "yesno", "minutes", "number", "list"})

Shown = str | list[str] | None


@dataclass(frozen=True)
class Field:
    label: str
    kind: str = "text"
    # For a value no kind describes (the Caldicott answers): the value -> words or a list.
    render: Callable[[Any], Shown] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of value {self.kind!r} for {self.label!r}")


@dataclass(frozen=True)
class Reading:
    """How one model's rows read to a client."""

    # A row's heading, filled from its shown values ("Session on {date}"); a value that is
    # missing leaves the plain part ("Session").
    title: str
    fields: dict[str, Field]
    internal: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        both = set(self.fields) & set(self.internal)
        if both:
            raise ValueError(f"fields both shown and internal: {sorted(both)}")

    def covers(self, name: str) -> bool:
        return name in self.fields or name in self.internal

    def heading(self, shown: dict[str, Shown]) -> str:
        """The title with its values; when one is missing, the words before it."""
        parts = []
        for literal, name, _, _ in Formatter().parse(self.title):
            parts.append(literal)
            if name is None:
                continue
            value = shown.get(name)
            if not value or isinstance(value, list):
                return _without_trailing_words("".join(parts)) or self.title
            parts.append(value)
        return "".join(parts)


_TRAILING = {"on", "of", "for", "from", "at", "the", "to"}


def _without_trailing_words(text: str) -> str:
    words = text.strip().rstrip(":,(").split()
    while words and words[-1].lower() in _TRAILING:
        words.pop()
    return " ".join(words).rstrip(":,(")


def reading(title: str, fields: dict[str, Field | str], internal=()) -> Reading:
    """A Reading, where a bare string is a text field's label."""
    return Reading(
        title=title,
        fields={
            name: value if isinstance(value, Field) else Field(value)
            for name, value in fields.items()
        },
        internal=frozenset(internal),
    )


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def long_datetime(value: datetime) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{long_date(local)}, {local:%H:%M}"


def _parsed(value: Any, kind: str) -> Any:
    if not isinstance(value, str):
        return value
    if kind == "date":
        return date.fromisoformat(value[:10])
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "time":
        return time.fromisoformat(value)
    return value


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                return [text]
        else:
            return [part.strip() for part in text.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [str(item) for item in value if str(item).strip()]
    return [str(value)]


def show(value: Any, spec: Field) -> Shown:
    """The value in words, or None when there is nothing to show (or it cannot be shown)."""
    if value is None or value == "" or value == []:
        return None
    try:
        if spec.render is not None:
            return spec.render(value)
        kind = spec.kind
        value = _parsed(value, kind)
        if kind == "date":
            return long_date(value)
        if kind == "datetime":
            return long_datetime(value)
        if kind == "time":
            return f"{value:%H:%M}"
        if kind == "yesno":
            return "Yes" if value else "No"
        if kind == "minutes":
            return f"{value} minutes"
        if kind == "list":
            return _as_list(value) or None
        return str(value)
    except (TypeError, ValueError, AttributeError, KeyError):
        return None


# The roles as a client reads them.
ROLE_WORDS = {"therapist": "therapist", "supervisor": "supervisor", "admin": "practice manager"}


def roles_in_words(user) -> str:
    """A staff member's roles in plain words ("therapist and supervisor"), "" for none."""
    if user is None:
        return ""
    names = [ROLE_WORDS.get(group.name, group.name) for group in user.groups.all()]
    return " and ".join(sorted(names))


ACCESS_EVENT = reading(
    "{what}",
    {
        "when": Field("When", "datetime"),
        "who": "Who",
        "role": "Their role",
        "what": "What happened",
    },
    internal=("sequence", "area"),
)
