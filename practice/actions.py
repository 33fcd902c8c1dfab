"""What a service function is, said where it is defined.

House style: a service is one business action in `transaction.atomic(durable=True)`, its
audit event written in the same transaction, so a caller can never fold it into a larger
transaction by accident and leave half of it behind. Two other shapes exist and say so:

- `@part_of_action("who calls it")`: a piece that runs only inside another action's
  transaction (opening a case file is part of taking on a client). It refuses to run
  outside a transaction, so it cannot become an action by mistake.
- `@in_steps("why")`: commits in steps of its own, each one durable (a key rotation in
  batches; a refusal that must stay on the trail after the action rolled back).
- `@reads("what")`: a public function of a services module that writes nothing.

`tests/test_durable_services.py` holds every public function of every services module to
one of these four, so a new service cannot forget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TypeVar

from django.db import connections, transaction

F = TypeVar("F", bound=Callable)


class NotInAnAction(RuntimeError):
    """A piece of an action was called outside any transaction."""


def part_of_action(caller: str) -> Callable[[F], F]:
    def mark(function: F) -> F:
        @wraps(function)
        def run(*args, **kwargs):
            if not transaction.get_connection().in_atomic_block:
                raise NotInAnAction(
                    f"{function.__qualname__} is a piece of {caller}: call it inside that "
                    "action's transaction"
                )
            return function(*args, **kwargs)

        run.part_of = caller
        return run  # type: ignore[return-value]

    return mark


def in_steps(reason: str) -> Callable[[F], F]:
    def mark(function: F) -> F:
        function.in_steps = reason
        return function

    return mark


def reads(what: str) -> Callable[[F], F]:
    def mark(function: F) -> F:
        function.reads = what
        return function

    return mark


@contextmanager
def _hosting_actions(*, keep: bool) -> Iterator[None]:
    """A transaction on every database inside which actions run as at the top level.
    Django lets a durable block open only inside its own test transactions; this marks
    these the same way (`Atomic._from_testcase`), and nothing else may nest an action."""
    blocks = []
    try:
        for alias in connections:
            block = transaction.atomic(using=alias)
            block.__enter__()
            block._from_testcase = True
            blocks.append((alias, block))
        yield
    except BaseException:
        keep = False
        raise
    finally:
        for alias, block in reversed(blocks):
            if not keep:
                transaction.set_rollback(True, using=alias)
            block.__exit__(None, None, None)


def rolled_back_trial():
    """Actions run and are all rolled back at the end: for a measurement or a test world
    that must leave nothing behind (the subject access benchmark, the permission matrix)."""
    return _hosting_actions(keep=False)


def setting_up():
    """Actions run and commit together, or not at all: for setting up an installation
    (the demo practice), so a seed that fails half-way leaves an empty database that the
    next start seeds again. Never for a person's request."""
    return _hosting_actions(keep=True)
