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
from django.db import models, transaction

from practice import audit
from practice.actions import NotInAnAction


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

    def locked_move(
        self, obj: models.Model, *, actor: Any, action: str, queryset: models.QuerySet | None = None
    ) -> models.Model:
        """THE move, in the caller's transaction: lock the row, re-read it, check the table
        against the state read under the lock (so an actor who got there first wins and
        the other is refused), and set the next state. The caller saves the row."""
        fresh, _source = self._lock_and_move(obj, actor=actor, action=action, queryset=queryset)
        return fresh

    def advance(
        self,
        obj: models.Model,
        *,
        actor: Any,
        action: str,
        audit_action: str,
        target_ref: str,
        details: dict | None = None,
        change: Callable[[Any, str], None] | None = None,
        queryset: models.QuerySet | None = None,
        update_fields: list[str] | None = None,
    ) -> models.Model:
        """`locked_move`, then the caller's other changes (`change(row, previous_state)`),
        the save, and the audit event with the move's from and to, in one step."""
        fresh, source = self._lock_and_move(obj, actor=actor, action=action, queryset=queryset)
        if change is not None:
            change(fresh, source)
        fresh.save(update_fields=update_fields)
        target = getattr(fresh, self.state_attr)
        audit.record(
            action=audit_action,
            actor=actor,
            target_ref=target_ref,
            details={**(details or {}), "from": source, "to": target},
        )
        return fresh

    def _lock_and_move(self, obj, *, actor, action, queryset):
        if not transaction.get_connection().in_atomic_block:
            raise NotInAnAction(f"{self.name}: a move locks its row, so it needs a transaction")
        rows = queryset if queryset is not None else type(obj)._default_manager.all()
        fresh = rows.select_for_update(of=("self",)).get(pk=obj.pk)
        source = getattr(fresh, self.state_attr)
        setattr(fresh, self.state_attr, self.check(actor=actor, obj=fresh, action=action))
        return fresh, source

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
