from practice import demo
from practice.management.acting import ActingCommand

DEMO_CODE = ".venv/bin/python manage.py demo_code USER"


class Command(ActingCommand):
    help = (
        "Create the demo practice if the database is empty, and print the demo accounts' "
        "keys on every start while they exist."
    )

    def handle(self, *args, **options):
        if demo.database_is_empty():
            demo.seed_demo_practice()
            self.stdout.write(self.style.SUCCESS("Demo practice created."))
        accounts = demo.demo_accounts()
        if not accounts:
            self.stdout.write("No demo accounts in this database: nothing to print.")
            return
        self.stdout.write("Demo accounts (every person and note in them is fictional):")
        for account in accounts:
            key = account.totp_secret or "(second factor reset: set up at next sign-in)"
            self.stdout.write(f"  {account.username:<11} authenticator key (TOTP): {key}")
        if all(account.password_unchanged for account in accounts):
            if demo.demo_password() == demo.DEFAULT_DEMO_PASSWORD:
                self.stdout.write(
                    f"Password for each: '{demo.DEFAULT_DEMO_PASSWORD}' "
                    "(set DEMO_PASSWORD before the first start to choose another)."
                )
            else:
                self.stdout.write("Password for each: the one in DEMO_PASSWORD.")
        else:
            self.stdout.write("Some demo passwords have been changed since the demo was created.")
        self.stdout.write(
            f"Add a key to an authenticator app, or run '{DEMO_CODE}' for the current code. "
            "'make demo-reset' starts the demo afresh."
        )
