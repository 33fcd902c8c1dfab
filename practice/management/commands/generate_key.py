from django.core.management.base import BaseCommand

from practice.keyring import ENV_VARIABLE, generate_key_line


class Command(BaseCommand):
    help = "Print a new key-encryption key, ready to put in ENCRYPTION_KEYS."
    requires_system_checks = []  # must work when no key is configured yet

    def add_arguments(self, parser):
        parser.add_argument("--bare", action="store_true", help="Print only the 'id:key' entry.")

    def handle(self, *args, bare: bool = False, **options):
        line = generate_key_line()
        if bare:
            self.stdout.write(line)
            return
        self.stdout.write(f"{ENV_VARIABLE}={line}")
        self.stderr.write(
            "Keep this key secret and backed up apart from database backups. To rotate, put "
            "the new entry FIRST and keep the old one after it, run '.venv/bin/python manage.py "
            "rotate_keys', then remove the old entry."
        )
