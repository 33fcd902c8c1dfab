from django.core.management.base import BaseCommand, CommandError

from practice import audit


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain; exit non-zero naming the first broken event."

    def handle(self, *args, **options):
        report = audit.verify_chain()
        if not report.ok:
            raise CommandError(str(report))
        self.stdout.write(self.style.SUCCESS(str(report)))
