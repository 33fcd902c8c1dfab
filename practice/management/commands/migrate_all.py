from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate every configured database (records and identity) and create the cache table."

    def handle(self, *args, **options):
        for alias in settings.DATABASES:
            self.stdout.write(f"Migrating database '{alias}'…")
            call_command("migrate", database=alias, interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
