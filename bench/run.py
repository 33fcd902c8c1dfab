"""`make bench`: seed PostgreSQL, serve the app as production does, sign real people in
through the forms, drive wrk against the floor and every page, and write the report.

    .venv/bin/python -m bench.run --scale small     # a quick run (a few minutes)
    .venv/bin/python -m bench.run --scale full      # the issue's scale (seeding takes a while)

A seeded database (bench_<scale>) is reused while its scale matches
(data/bench/state-<scale>.json); --reseed starts again. Any 5xx, or a bad request answered
with anything but a clean 4xx, fails the run (exit status 1) after the report is written;
timeouts are reported.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STATE_DIR = ROOT / "data" / "bench"

SCALES = {
    "small": {"therapists": 10, "clients_per_therapist": 50, "notes_per_client": 20},
    "full": {"therapists": 100, "clients_per_therapist": 200, "notes_per_client": 50},
}
BUSY_NOTES = 500
APP_PORT, FLOOR_PORT = 8741, 8742
PASSWORD = "bench-practice-2026"  # noqa: S105 - seed_scale's throwaway accounts


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (5 small, 20 full)")
    parser.add_argument("--runs", type=int, help="runs per page, the median reported (1 / 3)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--database-url",
        help="default: BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/bench_<scale>",
    )
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--only", default="", help="measure only pages whose name has this")
    parser.add_argument(
        "--sar-notes",
        type=int,
        help="notes of the client whose subject access export is timed (1,000 full / 100 small)",
    )
    args = parser.parse_args()
    args.duration = args.duration or (20 if args.scale == "full" else 5)
    args.runs = args.runs or (3 if args.scale == "full" else 1)
    args.sar_notes = args.sar_notes or (1000 if args.scale == "full" else 100)
    args.database_url = (
        args.database_url
        or os.environ.get("BENCH_DATABASE_URL")
        or f"postgres://postgres@127.0.0.1:5432/bench_{args.scale}"
    )
    return args


def _environment(args: argparse.Namespace) -> dict[str, str]:
    """Keys made once per machine (kept in data/bench/keys.json) and production-like settings."""
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    keys_file = STATE_DIR / "keys.json"
    keys = json.loads(keys_file.read_text()) if keys_file.exists() else {}
    made = {
        "SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "ENCRYPTION_KEYS": lambda: (
            "kb:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        ),
        "AUDIT_KEY": lambda: secrets.token_urlsafe(48),
    }
    missing = {name: make() for name, make in made.items() if not keys.get(name)}
    if missing:  # a key the file lacks (made before it existed) is added, never replaced
        keys.update(missing)
        keys_file.write_text(json.dumps(keys))
        keys_file.chmod(0o600)
    env = {
        **keys,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": args.database_url,
        "IDENTITY_DATABASE_URL": "",
        "DEBUG": "off",
        "HTTPS": "off",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATA_DIR": str(STATE_DIR),
        "STATIC_ROOT": str(STATE_DIR / "static"),
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)
    return env


def _manage(*command: str) -> str:
    """Run a management command, echoing its output as it comes; return the output."""
    lines = []
    with subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *command],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
    ) as process:
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line)
    if process.returncode:
        raise SystemExit(f"manage.py {command[0]} failed")
    return "".join(lines)


def _prepare_database(args: argparse.Namespace) -> dict:
    """Create, migrate and seed the database unless it already holds this scale."""
    import psycopg

    scale = {**SCALES[args.scale], "busy_notes": BUSY_NOTES}
    state_file = STATE_DIR / f"state-{args.scale}.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    url = urllib.parse.urlparse(args.database_url)
    name = url.path.lstrip("/")
    admin_url = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        same = state.get("database") == args.database_url and state.get("scale") == scale
        reuse = exists and same and not args.reseed
        if not reuse:
            print(f"Creating database {name}…")
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    _manage("migrate_all")  # a reused database takes the migrations landed since its seed
    if reuse:
        print(f"Reusing database {name} (already seeded at this scale).")
        return state
    output = _manage(
        "seed_scale",
        f"--therapists={scale['therapists']}",
        f"--clients-per-therapist={scale['clients_per_therapist']}",
        f"--notes-per-client={scale['notes_per_client']}",
        f"--busy-notes={scale['busy_notes']}",
        f"--password={PASSWORD}",
    )
    summary = output.strip().splitlines()[-1]
    print("VACUUM ANALYZE, so the planner knows the seeded tables (as autovacuum would)…")
    with psycopg.connect(args.database_url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
    state = {"database": args.database_url, "scale": scale, "seed_summary": summary}
    state_file.write_text(json.dumps(state, indent=2))
    return state


def _serve(settings: str, port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--timeout=60",
        f"--error-logfile={log}",
    ]
    with log.open("a") as output:
        return subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": settings},
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _wait_for(port: int, path: str) -> None:
    from bench.browser import Browser

    for _ in range(120):
        try:
            Browser(f"http://127.0.0.1:{port}").request("GET", path)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server on port {port} did not start")


def _chain_figures(args: argparse.Namespace) -> dict:
    """With the servers stopped: a full `verify_audit` over the whole trail, then audited
    actions per second with 16 worker processes, queueing against waiting."""
    from bench import audit_append
    from practice.audit.verify import verify_chain

    print("Verifying the whole audit chain…", flush=True)
    started = time.perf_counter()
    verified = verify_chain(incremental=False)
    seconds = time.perf_counter() - started
    appends = []
    for hold_ms in (1, 10):  # the rest of the action's transaction after its append
        for mode in ("queue", "wait"):
            print(f"Audited actions, {args.connections} workers, {mode}, {hold_ms} ms…")
            appends.append(
                audit_append.measure(
                    mode=mode, workers=args.connections, seconds=5, hold_ms=hold_ms
                )
            )
    return {
        "verify_full": {
            "events": verified.checked,
            "ok": verified.ok,
            "seconds": round(seconds, 2),
            "seconds_per_million": round(seconds / max(verified.checked, 1) * 1e6, 2),
        },
        "audit_append": appends,
    }


def main() -> int:
    args = _arguments()
    _environment(args)
    state = _prepare_database(args)
    _manage("collectstatic", "--no-input", "--verbosity=0")
    import django

    django.setup()
    from bench import drive, report, subject_access

    servers = [
        _serve("bench.settings", APP_PORT, args.workers, STATE_DIR / "gunicorn-app.log"),
        _serve("bench.settings_floor", FLOOR_PORT, args.workers, STATE_DIR / "gunicorn-floor.log"),
    ]
    try:
        _wait_for(APP_PORT, "/accounts/login/")
        _wait_for(FLOOR_PORT, "/bench/floor/")
        pages = drive.plan_pages(
            app=f"http://127.0.0.1:{APP_PORT}",
            floor=f"http://127.0.0.1:{FLOOR_PORT}",
            password=PASSWORD,
        )
        results = drive.run_pages(
            pages,
            duration=args.duration,
            runs=args.runs,
            connections=args.connections,
            plan_dir=STATE_DIR,
            only=args.only,
        )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    export = None
    if not args.only or args.only in "subject access export":
        print(f"Timing the subject access export of {args.sar_notes:,} notes…", flush=True)
        export = subject_access.measure(
            notes=args.sar_notes, keep_pdf=STATE_DIR / f"subject-access-{args.sar_notes}.pdf"
        )
    document = report.build(
        results, scale=args.scale, state=state, args=vars(args), root=ROOT, export=export
    )
    if not args.only:
        document["chain"] = _chain_figures(args)
    paths = report.write(document, root=ROOT, only=args.only)
    print("\n" + report.table(document))
    print(report.export_line(document))
    print("Wrote " + ", ".join(str(path.relative_to(ROOT)) for path in paths))
    failures = report.failures(document)
    for failure in failures:
        print("FAIL: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
