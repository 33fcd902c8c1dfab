"""State machines as data: (state, action) -> next state, and who may take the step.

Agreements, disclosure requests and subject access requests each declare one table of this
shape; services ask `check()` before they change a row, templates ask `actions_for()`
(through the view) before they offer a button, and tests walk `cells()`, so the rule is
written once and a cell nobody thought about is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError


class TransitionRefused(ValidationError):
    """A step the table does not allow from this state, or not for this person."""


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    party: str  # who may take it: a key of the machine's `parties`


@dataclass(frozen=True)
class Cell:
    state: str
    action: str
    target: str | None  # None: refused from this state
    party: str | None


# party name -> predicate(actor, obj) -> bool; the predicate owns the per-object rule
Party = Callable[[Any, Any], bool]


class StateMachine:
    def __init__(
        self,
        name: str,
        *,
        states: Iterable[str],
        transitions: Iterable[Transition],
        parties: Mapping[str, Party],
        refusals: Mapping[str, str] | None = None,
        state_attr: str = "status",
    ) -> None:
        self.name = name
        self.states = tuple(states)
        self.state_attr = state_attr
        self.parties = dict(parties)
        self.refusals = dict(refusals or {})
        self._table: dict[tuple[str, str], Transition] = {}
        for transition in transitions:
            key = (transition.source, transition.action)
            if transition.source not in self.states or transition.target not in self.states:
                raise ValueError(f"{name}: unknown state in {transition}")
            if transition.party not in self.parties:
                raise ValueError(f"{name}: unknown party {transition.party!r}")
            if key in self._table:
                raise ValueError(f"{name}: two rows for {key}")
            self._table[key] = transition
        self.actions = tuple(dict.fromkeys(t.action for t in self._table.values()))

    def transition(self, state: str, action: str) -> Transition | None:
        return self._table.get((state, action))

    def check(self, *, actor: Any, obj: Any, action: str) -> str:
        """The next state, or TransitionRefused with a reason a person can read."""
        if action not in self.actions:
            raise ValueError(f"{self.name}: unknown action {action!r}")
        state = getattr(obj, self.state_attr)
        transition = self._table.get((state, action))
        if transition is None:
            raise TransitionRefused(
                self.refusals.get(action, f"That cannot be done while this is {state}."),
                code="state",
            )
        if not self.parties[transition.party](actor, obj):
            raise TransitionRefused("You may not take this step on this item.", code="party")
        return transition.target

    def allows(self, *, actor: Any, obj: Any, action: str) -> bool:
        try:
            self.check(actor=actor, obj=obj, action=action)
        except TransitionRefused:
            return False
        return True

    def actions_for(self, *, actor: Any, obj: Any) -> frozenset[str]:
        """Every action this actor may take on this object now: what a page may offer."""
        return frozenset(a for a in self.actions if self.allows(actor=actor, obj=obj, action=a))

    def cells(self) -> Iterator[Cell]:
        """Every (state, action) pair, allowed or not: the whole table for tests."""
        for state in self.states:
            for action in self.actions:
                transition = self._table.get((state, action))
                yield Cell(
                    state,
                    action,
                    transition.target if transition else None,
                    transition.party if transition else None,
                )
