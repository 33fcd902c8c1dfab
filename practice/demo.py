"""The demo practice that `make run` creates on an empty database.

The core creates the staff and the practice profile; apps higher up register a seeder in
their `AppConfig.ready` (clients and notes, for instance), and each runs in order.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass

from practice import services, two_factor
from practice.actions import setting_up
from practice.actors import system_actor
from practice.models import User
from practice.roles import Role

DEFAULT_DEMO_PASSWORD = "demo-practice-2026"  # noqa: S105 - documented demo-only password
DEMO_USERNAMES = ("therapist", "therapist2", "supervisor", "admin", "executor")


@dataclass
class DemoPractice:
    password: str
    staff: dict[str, User]
    totp_secrets: dict[str, str]  # username -> base32 secret for an authenticator app


Seeder = Callable[[DemoPractice], None]
_seeders: list[tuple[int, Seeder]] = []


def register_seeder(seeder: Seeder, *, order: int) -> None:
    if all(existing is not seeder for _, existing in _seeders):
        _seeders.append((order, seeder))


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def database_is_empty() -> bool:
    return not User.objects.exists()


@dataclass(frozen=True)
class DemoAccount:
    username: str
    totp_secret: str  # base32, "" when the second factor was reset
    password_unchanged: bool


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts still active, with their authenticator keys (printed at each start)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    password = demo_password()
    accounts = []
    for user in User.objects.filter(is_demo=True, is_active=True).order_by("pk"):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        secret = base64.b32encode(device.bin_key).decode("ascii") if device else ""
        accounts.append(DemoAccount(user.username, secret, user.check_password(password)))
    return accounts


def only_demo_accounts() -> bool:
    """True when every account is a demo account, so wiping the database loses nothing real."""
    return not User.objects.filter(is_demo=False).exists()


def seed_demo_practice(password: str | None = None) -> DemoPractice:
    password = password or demo_password()
    seeder = system_actor("demo")
    with setting_up():
        services.practice_profile_update(
            actor=seeder,
            values={
                "name": "Riverside Counselling (demo)",
                "address": "2 Example Yard\nNowhere Lane\nDemotown DT1 2AB",
                "email": "hello@riverside-counselling.example",
                "phone": "01632 960000",
                "ico_registration_number": "ZA000000",
                "data_protection_contact": (
                    "The practice manager, Riverside Counselling, 2 Example Yard, Demotown "
                    "DT1 2AB; privacy@riverside-counselling.example"
                ),
                "complaints_route": (
                    "Speak to your therapist first if you can. If that does not settle it, "
                    "write to the practice manager at the address above; we reply within 14 "
                    "days."
                ),
                "professional_will": (
                    "The practice manager would contact you by phone or e-mail within a "
                    "week, tell you what had happened, and help you find another therapist "
                    "if you wish."
                ),
            },
        )
        people = {
            "therapist": ("Alex", [Role.THERAPIST]),
            "therapist2": ("Sam", [Role.THERAPIST]),
            "supervisor": ("Jordan", [Role.SUPERVISOR]),
            "admin": ("Morgan", [Role.ADMIN]),
            # The colleague the therapists' professional wills may name (issue 25).
            "executor": ("Robin", [Role.EXECUTOR]),
        }
        staff = {
            username: services.staff_create(
                actor=seeder,
                username=username,
                password=password,
                roles=list(roles),
                first_name=first_name,
                last_name="(demo)",
                email=f"{username}@riverside-counselling.example",
            )
            for username, (first_name, roles) in people.items()
        }
        User.objects.filter(pk__in=[user.pk for user in staff.values()]).update(is_demo=True)
        secrets = {}
        for username, user in staff.items():
            device = two_factor.demo_device(user)
            secrets[username] = base64.b32encode(device.bin_key).decode("ascii")
        for therapist in ("therapist", "therapist2"):
            services.supervision_start(
                actor=seeder, therapist=staff[therapist], supervisor=staff["supervisor"]
            )
    demo = DemoPractice(password=password, staff=staff, totp_secrets=secrets)
    # Outside the block above: each app's services own their transactions, and some are
    # durable (they must be the outermost transaction).
    for _, seeder in sorted(_seeders, key=lambda item: item[0]):
        seeder(demo)
    return demo
