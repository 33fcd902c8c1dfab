"""Seed an empty database with a practice at network scale (see bench/seeding.py)."""

from django.core.management.base import BaseCommand, CommandError

from bench.seeding import Progress, Scale, SeedRefused, seed


class Command(BaseCommand):
    help = (
        "Seed an EMPTY database with a large fictional practice for benchmarking: staff, "
        "clients, encrypted notes and a valid audit chain. Refuses a database with real staff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--therapists", type=int, default=Scale.therapists)
        parser.add_argument(
            "--clients-per-therapist", type=int, default=Scale.clients_per_therapist
        )
        parser.add_argument("--notes-per-client", type=int, default=Scale.notes_per_client)
        parser.add_argument(
            "--busy-notes",
            type=int,
            default=Scale.busy_notes,
            help="notes on each therapist's first client (the busy record)",
        )
        parser.add_argument("--history-days", type=int, default=Scale.history_days)
        parser.add_argument("--password", default=Scale.password)

    def handle(self, *args, **options):
        scale = Scale(
            therapists=options["therapists"],
            clients_per_therapist=options["clients_per_therapist"],
            notes_per_client=options["notes_per_client"],
            busy_notes=options["busy_notes"],
            history_days=options["history_days"],
            password=options["password"],
        )
        if min(scale.therapists, scale.clients_per_therapist) < 1 or scale.notes_per_client < 0:
            raise CommandError("Therapists and clients must be at least 1; notes at least 0.")
        self.stdout.write(
            f"Seeding {scale.therapists} therapists, "
            f"{scale.therapists * scale.clients_per_therapist:,} clients, "
            f"{scale.total_notes:,} encrypted notes and about {scale.total_events:,} audit events…"
        )
        every = max(1, scale.therapists // 20)

        def report(label: str, progress: Progress) -> None:
            number = int(label.split()[1].split("/")[0])
            if number % every == 0 or number == scale.therapists:
                self.stdout.write(
                    f"  {label}: {progress.notes:,} notes, {progress.events:,} events, "
                    f"{progress.seconds:.1f} s, {progress.notes_per_second:,.0f} notes/s"
                )

        try:
            progress = seed(scale, report=report)
        except SeedRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {progress.clients:,} clients, {progress.notes:,} notes and "
                f"{progress.events:,} audit events in {progress.seconds:.1f} s "
                f"({progress.notes_per_second:,.0f} notes/s)."
            )
        )
