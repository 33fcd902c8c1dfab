"""Wipe the demo practice's SQLite database so the next start creates it afresh.

Refused unless every account is a demo account (a real practice is never wiped) and
every database is a SQLite file (a server database is dropped by its administrator).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, connections

from practice import demo
from practice.management.acting import ActingCommand


class Command(ActingCommand):
    help = (
        "Delete the demo practice's SQLite database files (only when it holds demo accounts only)."
    )

    def handle(self, *args, **options):
        files = []
        for alias, database in settings.DATABASES.items():
            if database["ENGINE"] != "django.db.backends.sqlite3":
                raise CommandError(
                    f"Database '{alias}' is not SQLite: demo-reset only wipes the local demo "
                    "database. Drop and re-create a server database yourself."
                )
            files.append(Path(database["NAME"]))
        if not any(path.exists() for path in files):
            self.stdout.write("There is no demo database yet: the next start creates it.")
            return
        try:
            only_demo = demo.only_demo_accounts()
        except DatabaseError:  # never migrated: there are no accounts to lose
            only_demo = True
        if not only_demo:
            raise CommandError(
                "This database has accounts that are not demo accounts: it is not wiped."
            )
        connections.close_all()
        for path in files:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        self.stdout.write("Demo database deleted: the next start creates the demo afresh.")
