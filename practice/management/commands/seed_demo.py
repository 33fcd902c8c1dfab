from django.core.management.base import BaseCommand

from practice import demo


class Command(BaseCommand):
    help = "Create the demo practice (staff for each role, a few clients) if the database is empty."

    def handle(self, *args, **options):
        if not demo.database_is_empty():
            self.stdout.write(
                "The database already has accounts: no demo data added. "
                "'python manage.py demo_code USER' prints a demo user's current code."
            )
            return
        practice = demo.seed_demo_practice()
        self.stdout.write(self.style.SUCCESS("Demo practice created. Sign in as:"))
        for username in practice.staff:
            self.stdout.write(
                f"  {username:<11} authenticator key (TOTP): {practice.totp_secrets[username]}"
            )
        if practice.password == demo.DEFAULT_DEMO_PASSWORD:
            self.stdout.write(
                f"with the password '{demo.DEFAULT_DEMO_PASSWORD}' (set DEMO_PASSWORD to choose)."
            )
        else:
            self.stdout.write("with the password in DEMO_PASSWORD.")
        self.stdout.write(
            "Add a key to an authenticator app, or run 'python manage.py demo_code USER' for "
            "the current code."
        )
