"""Set up the practice's first account at installation, with any roles.

A sole practitioner is therapist and admin from the start: the installation gives both
here, so nobody ever grants themselves a role that reads client data later (that is an
account change a second person approves). Refused once any account exists.

    python manage.py first_account USERNAME --email ADDRESS --therapist [--supervisor]

The password is read from the terminal (or `FIRST_ACCOUNT_PASSWORD`, for scripts).
"""

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from practice import services
from practice.actors import system_actor
from practice.management.acting import ActingCommand
from practice.models import User
from practice.roles import Role


class Command(ActingCommand):
    help = "Create the first account (admin, and therapist for a sole practitioner)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--therapist", action="store_true", help="Also a therapist.")
        parser.add_argument("--supervisor", action="store_true", help="Also a supervisor.")

    def handle(self, *args, username, email, therapist, supervisor, **options):
        if User.objects.exists():
            raise CommandError(
                "This installation already has accounts: an admin adds colleagues on the "
                "Staff pages, and roles that read client data need a second admin's approval."
            )
        password = os.environ.get("FIRST_ACCOUNT_PASSWORD") or getpass.getpass("Password: ")
        try:
            password_validation.validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        roles = [Role.ADMIN]
        roles += [Role.THERAPIST] if therapist else []
        roles += [Role.SUPERVISOR] if supervisor else []
        try:
            user = services.staff_create(  # a durable action of its own
                actor=system_actor("installation"),
                username=username,
                password=password,
                roles=[str(role) for role in roles],
                email=email,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {user.username} ({', '.join(sorted(user.role_names))}). Sign in and "
                "set up the second factor."
            )
        )
