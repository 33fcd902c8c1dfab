"""For a practice with no second admin: record from the server whether a member of staff
is a health professional (DPA 2018 s.204), with their register and number.

    python manage.py staff_health_profession USERNAME --profession psychologist \\
        --register HCPC --number PYL12345
    python manage.py staff_health_profession USERNAME --profession none

A sole practitioner cannot mark their own account in the app (their review would then stand
in for a health professional's opinion on their own say-so); the server's operator is the
second person. The change is audited with the server as its source.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from practice.actors import system_actor
from practice.health_professionals import Profession
from practice.management.acting import ActingCommand
from practice.models import User
from practice.staff_health import staff_health_profession_set


class Command(ActingCommand):
    help = "Record whether a member of staff is a health professional (s.204), from the server."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--profession",
            required=True,
            choices=["none", *(value for value in Profession.values if value)],
        )
        parser.add_argument("--register", default="")
        parser.add_argument("--number", default="")

    def handle(self, *args, username, profession, register, number, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is called {username!r}.")
        try:
            user = staff_health_profession_set(
                actor=system_actor("server"),
                user=user,
                profession="" if profession == "none" else profession,
                register=register,
                register_number=number,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        label = Profession(user.health_profession).label
        self.stdout.write(self.style.SUCCESS(f"Recorded for {user.username}: {label}."))
