"""The registry of audit actions: every action the trail may hold, with its plain label.

Each app declares its actions, label beside name, in its own `audit_actions.py` as a
`Vocabulary`; declaring registers them, and the practice app imports every app's module
at start-up. `record()` refuses an action nobody declared, so a new action cannot reach
the trail without the words the audit page shows for it.
"""

from __future__ import annotations

from typing import ClassVar

_LABELS: dict[str, str] = {}


class UnregisteredAction(ValueError):
    """An action no app declared: the trail holds only declared, labelled actions."""


def register(name: str, label: str) -> None:
    """Declare one action. The same name may not be declared twice with different words."""
    if not name or "." not in name:
        raise ValueError(f"audit action {name!r} is not dotted (<area>.<verb>)")
    if not label.strip():
        raise ValueError(f"audit action {name!r} has no label")
    if _LABELS.get(name, label) != label:
        raise ValueError(f"audit action {name!r} is declared twice with different labels")
    _LABELS[name] = label


class Vocabulary:
    """An app's actions as class attributes: `NAME = "area.verb", "Plain label"`.

    Declaring the class registers every action; afterwards each attribute is the plain
    name (`Action.NAME == "area.verb"`), which is what callers pass to `record()`.
    """

    _labels: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._labels = {}
        for attribute, value in list(vars(cls).items()):
            if not attribute.isupper():
                continue
            name, label = value
            register(name, label)
            cls._labels[name] = label
            setattr(cls, attribute, name)

    @classmethod
    def names(cls) -> list[str]:
        return list(cls._labels)

    @classmethod
    def labels(cls) -> dict[str, str]:
        return dict(cls._labels)


def is_registered(name: str) -> bool:
    return name in _LABELS


def check(name: str) -> None:
    if name not in _LABELS:
        raise UnregisteredAction(
            f"audit action {name!r} is not declared in any app's audit_actions module"
        )


def registered() -> dict[str, str]:
    """Every declared action and its label."""
    return dict(_LABELS)


def label_for(name: str) -> str:
    return _LABELS.get(name, name)


def choices() -> list[tuple[str, str]]:
    """(action, label) pairs sorted by label, for a filter people can read."""
    return sorted(_LABELS.items(), key=lambda item: item[1].lower())
