"""Pages timed one request at a time in this process against the benchmark's database, and
optionally one page profiled: what `make bench` reports in its "in process" column, without
serving the app (a quick loop while making a page faster).

    .venv/bin/python -m bench.profile --scale full
    .venv/bin/python -m bench.profile --scale full --profile "client page" --requests 20
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from functools import partial


def _pages() -> list[tuple[str, object, str]]:
    from django.urls import reverse

    from bench import scenes
    from clients.models import Client
    from practice.models import User
    from records.models import CaseFile

    lead = User.objects.get(username="bench-t000")
    supervisor, admin = (
        User.objects.get(username="bench-s00"),
        User.objects.get(username="bench-admin"),
    )
    busy = Client.objects.get(
        record_ref=CaseFile.objects.filter(therapist=lead).order_by("pk").first().record_ref
    )
    made = scenes.ensure(therapist=lead, supervisor=supervisor, admin=admin, busy_client=busy)
    return [
        ("bare view, signed in", lead, "/bench/ping/"),
        ("caseload", lead, reverse("therapist_dashboard")),
        ("client page", lead, reverse("client_detail", kwargs={"ref": busy.ref})),
        ("review queue", supervisor, reverse("supervisor_dashboard")),
        ("admin dashboard", admin, reverse("admin_dashboard")),
        ("admin audit page", admin, reverse("audit_log")),
        ("subject access dashboard", admin, reverse("sar_dashboard")),
        (
            "disclosure request",
            lead,
            reverse("disclosure_detail", kwargs={"ref": made.disclosure_ref}),
        ),
        (
            "disclosure review",
            supervisor,
            reverse("disclosure_review", kwargs={"ref": made.disclosure_ref}),
        ),
        ("subject access review", lead, reverse("sar_review", kwargs={"ref": made.sar_ref})),
    ]


def _timed(timed: list, execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        timed.append(((time.perf_counter() - started) * 1000, sql))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="full")
    parser.add_argument("--only", default="")
    parser.add_argument("--profile", default="", help="profile the page whose name has this")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--queries", action="store_true", help="print each page's queries")
    parser.add_argument("--width", type=int, default=200, help="characters of SQL printed")
    args = parser.parse_args()
    sys.argv = [sys.argv[0], "--scale", args.scale]
    from bench import run

    run._environment(run._arguments())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate_all", verbosity=0)  # a reused database takes what landed since

    from bench import drive

    for name, user, path in _pages():
        if args.only and args.only not in name:
            continue
        if args.profile and args.profile in name:
            client = drive._signed_in_test_client(user)
            client.get(path)
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                client.get(path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
            continue
        figures = drive.in_process(user, path, requests=args.requests)
        print(
            f"{name:28} {figures['queries']:3} queries  {figures['in_process_ms']:7.2f} ms"
            f"  (CPU {figures['in_process_cpu_ms']:.2f} ms)",
            flush=True,
        )
        if args.queries:
            client = drive._signed_in_test_client(user)
            client.get(path)
            timed: list[tuple[float, str]] = []
            with connection.execute_wrapper(partial(_timed, timed)):
                client.get(path)
            for ms, sql in timed:
                print(f"    {ms:6.2f} ms  {sql[: args.width]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
