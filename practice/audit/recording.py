"""Appending one event per action, in the action's own transaction: the trail's one door.

`record` refuses what the trail must never hold: an action no app declared
(`practice.audit.actions`), and free text in the details or the target (anything with
spaces or longer than a reference), so a careless caller fails loudly in tests instead of
leaking a note into the trail.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from practice import sources
from practice.audit import actions, sequencer
from practice.audit.models import AuditEntry, AuditEvent

if TYPE_CHECKING:
    from practice.models import User

_SAFE_TEXT = re.compile(r"^[\w.:@/+=-]{0,80}$")


def is_reference(text: str) -> bool:
    """True for text the trail may hold: a reference, name or number, never a sentence."""
    return bool(_SAFE_TEXT.match(text))


def reference_or(text: str, fallback: str) -> str:
    return text if is_reference(text) else fallback


class UnsafeAuditDetail(ValueError):
    """A detail value looked like free text; the trail holds references only."""


def _check_details(details: dict[str, Any]) -> None:
    for key, value in details.items():
        if not _SAFE_TEXT.match(str(key)):
            raise UnsafeAuditDetail(f"audit detail key {key!r} is not a plain identifier")
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is None or isinstance(item, bool | int):
                continue
            if not isinstance(item, str) or not _SAFE_TEXT.match(item):
                raise UnsafeAuditDetail(
                    f"audit detail {key!r} must be a reference, number or flag, not free text"
                )


def record(
    *,
    action: str,
    actor: User | None = None,
    actor_label: str = "",
    target_ref: str = "",
    source: str = "",
    details: dict[str, Any] | None = None,
    wait_for_chain: bool = False,
) -> AuditEvent | AuditEntry:
    """Append one event. Joins the caller's transaction: if the action fails, so does this.

    Returns the event, linked into the chain; or, when another writer is linking at that
    moment, the signed entry that will be linked right after (`practice.audit.sequencer`).
    `wait_for_chain` waits for the chain instead, for a caller that needs the event's
    place on it (a checkpoint). `source` defaults to the source of the action under way
    (`practice.sources`: the request's address, or what a command or the worker named).
    """
    actions.check(action)
    details = dict(details or {})
    _check_details(details)
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_id, actor_label = actor.pk, actor_label or actor.get_username()
    else:  # nobody signed in, or the system actor (which names itself)
        actor_id = None
        actor_label = actor_label or (actor.get_username() if actor is not None else "")
    if not _SAFE_TEXT.match(target_ref):
        raise UnsafeAuditDetail("target_ref must be a reference")
    content = {
        "created_at": timezone.now(),
        "actor_id": actor_id,
        "actor_label": actor_label[:150],
        "action": action,
        "target_ref": target_ref,
        "source": (source or sources.current())[:64],
        "details": details,
    }
    return sequencer.append(content, wait=wait_for_chain)
