"""The system actor: the installation acting for itself, never a person.

Demo seeding, management commands and test builders name who acts instead of passing
`actor=None` (which once skipped the permission check). The system actor signs in
nowhere and holds no role, so it can never read a note; the few set-up services that
accept it say so through `permissions.is_system`, and the audit trail names it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    purpose: str  # a reference-like word: "demo", "command", "tests"

    pk = None
    is_authenticated = False
    is_active = False

    def has_role(self, role: str) -> bool:
        return False

    def get_username(self) -> str:
        return f"system:{self.purpose}"

    def __str__(self) -> str:
        return self.get_username()


def system_actor(purpose: str) -> SystemActor:
    return SystemActor(purpose)
