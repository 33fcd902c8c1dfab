"""For a practice with one admin: the data-protection contact approves a proposed refusal
from the server, as the second person (the app never lets the proposer approve it).

    python manage.py subject_access_refusal --approve SAR-XXXXXXXX

The source of the approval is the server (`ActingCommand`), named on the audit trail and
on the request's page; the refusal letter is kept as when an admin approves in the app.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from practice.management.acting import ActingCommand
from subject_access import services
from subject_access.models import SubjectAccessRequest


class Command(ActingCommand):
    help = "Approve a proposed subject access refusal from the server (one-admin practices)."

    def add_arguments(self, parser):
        parser.add_argument("--approve", metavar="REFERENCE", required=True)

    def handle(self, *args, approve: str, **options):
        sar = SubjectAccessRequest.objects.filter(reference=approve.strip().upper()).first()
        if sar is None:
            raise CommandError("No subject access request has that reference.")
        try:
            sar = services.sar_approve_refusal_from_server(sar=sar)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Refused: request {sar.reference} ({sar.get_exemption_display()}). The "
                "refusal letter is kept with the request."
            )
        )
