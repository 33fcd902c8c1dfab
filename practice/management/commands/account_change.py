"""For a practice with nobody to approve: make an account change from the server itself.

The server's operator is the second person. Every use is audited (as `server-command`)
and the account's owner is told at the old and the new address, as with an approval in
the app.

    python manage.py account_change USERNAME --second-factor
    python manage.py account_change USERNAME --password
    python manage.py account_change USERNAME --email new@example.org
    python manage.py account_change --approve REQUEST_REF
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from practice import account_changes
from practice.management.acting import ActingCommand
from practice.models import AccountChange, User


class Command(ActingCommand):
    help = "Reset a second factor or password, or change an e-mail address, from the server."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        kind = parser.add_mutually_exclusive_group(required=True)
        kind.add_argument("--second-factor", action="store_true")
        kind.add_argument("--password", action="store_true")
        kind.add_argument("--email", metavar="ADDRESS")
        kind.add_argument("--approve", metavar="REQUEST_REF", help="Approve a waiting request.")

    def handle(self, *args, username=None, **options):
        change = self._change(username, options)  # its source is the server (ActingCommand)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {change.get_kind_display()} of {change.account.username} "
                f"(request {change.ref}). The owner has been told by e-mail."
            )
        )

    def _change(self, username, options) -> AccountChange:
        try:
            if options["approve"]:
                change = AccountChange.objects.filter(ref=options["approve"]).first()
                if change is None:
                    raise CommandError("No account change has that reference.")
                change = account_changes.account_change_approve(actor=None, change=change)
            else:
                account = User.objects.filter(username=username or "").first()
                if account is None:
                    raise CommandError(f"No account is called {username!r}.")
                kind = (
                    AccountChange.Kind.SECOND_FACTOR
                    if options["second_factor"]
                    else AccountChange.Kind.PASSWORD
                    if options["password"]
                    else AccountChange.Kind.EMAIL
                )
                change = account_changes.server_request(
                    account=account, kind=kind, new_email=options["email"] or ""
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return change
