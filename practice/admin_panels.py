"""What a higher app shows on the admin dashboard's card: a name -> a read of what the card
needs for the signed-in admin (done in the view, so the template does no database work).
Registered at start-up (`AppConfig.ready`), so `practice` never imports the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_panels: dict[str, Callable[[Any], Any]] = {}


def register(name: str, read: Callable[[Any], Any]) -> None:
    _panels[name] = read


def read_all(actor) -> dict[str, Any]:
    return {name: read(actor) for name, read in _panels.items()}
