"""What the benchmark asks of the served app: which pages, as whom, with which bad requests
mixed in; then wrk against each page, and the queries one request of each page makes."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections
from django.test import Client as TestClient
from django.urls import NoReverseMatch, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import scenes
from bench.browser import Browser
from bench.seeding import Scale
from clients.models import Client
from practice.middleware import IDLE_STAMP_SESSION_KEY
from practice.models import User
from practice.two_factor import VERIFIED_AT_SESSION_KEY
from records.models import CaseFile

WRK_SCRIPT = Path(__file__).with_name("wrk.lua")
SIGNED_IN_THERAPISTS = 8
BAD_EVERY = 10  # one request in ten is a bad one
# Pages other branches add; measured when their URL name resolves (role, candidate names).
OPTIONAL_PAGES = [
    (
        "subject access dashboard",
        "admin",
        ["subject_access_list", "subject_access_dashboard", "sar_list", "sar_dashboard"],
    ),
]

Request = tuple[str, str, str]  # method, path, cookie


@dataclass
class Page:
    name: str
    base: str
    good: list[Request]
    bad: list[Request] = field(default_factory=list)
    queries_as: tuple[User, str] | None = None  # whose request of which path to count
    kind: str = "page"  # floor, ping or page
    share_target: float = 0.0  # the least share of the floor's requests per second
    in_process_target_ms: float | None = None  # one request at a time, in process


def _code_for(user: User):
    device = TOTPDevice.objects.get(user=user, confirmed=True)

    def code() -> str:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        return f"{totp.token():0{device.digits}d}"

    return code


def _signed_in(app: str, user: User, password: str) -> str:
    browser = Browser(app)
    browser.sign_in(user.username, password, _code_for(user))
    return browser.cookie_header


IN_PROCESS_REQUESTS = 30  # timed one at a time after warming; the median is reported


def _signed_in_test_client(user: User) -> TestClient:
    client = TestClient()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session[VERIFIED_AT_SESSION_KEY] = time.time()
    session[IDLE_STAMP_SESSION_KEY] = int(time.time())
    session.save()
    return client


def in_process(user: User, path: str, *, requests: int = IN_PROCESS_REQUESTS) -> dict:
    """One request of `path` at a time as `user`, in this process, warm: the queries one
    request makes and the median time of `requests` requests (wall clock and this
    process's CPU). A figure that holds from run to run, unlike throughput under load."""
    client = _signed_in_test_client(user)
    for _ in range(3):
        client.get(path)
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    with ExitStack() as stack:  # a wrapper, since each request clears the debug query log
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(count))
        status = client.get(path).status_code
    if status != 200:
        raise RuntimeError(f"{path} answered {status} in process")
    walls, cpus = [], []
    for _ in range(requests):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    walls.sort()
    cpus.sort()
    return {
        "queries": len(counted),
        "in_process_ms": round(walls[len(walls) // 2] * 1000, 2),
        "in_process_cpu_ms": round(cpus[len(cpus) // 2] * 1000, 2),
    }


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def plan_pages(*, app: str, floor: str, password: str) -> list[Page]:
    staff = {u.username: u for u in User.objects.filter(username__startswith="bench-")}
    therapists = sorted(
        (u for name, u in staff.items() if name.startswith("bench-t")), key=lambda u: u.username
    )[:SIGNED_IN_THERAPISTS]
    supervisor, admin = staff["bench-s00"], staff["bench-admin"]
    cookies = {u.pk: _signed_in(app, u, password) for u in [*therapists, supervisor, admin]}
    busy = {}
    for therapist in therapists:
        first = CaseFile.objects.filter(therapist=therapist).order_by("pk").first()
        busy[therapist.pk] = Client.objects.get(record_ref=first.record_ref).ref
    other = Client.objects.exclude(therapist_id__in=[t.pk for t in therapists]).first()
    other_ref = other.ref if other else uuid.uuid4()
    lead = therapists[0]
    t_cookie, s_cookie, a_cookie = cookies[lead.pk], cookies[supervisor.pk], cookies[admin.pk]
    made = scenes.ensure(
        therapist=lead,
        supervisor=supervisor,
        admin=admin,
        busy_client=Client.objects.get(ref=busy[lead.pk]),
    )
    disclosure_path = reverse("disclosure_detail", kwargs={"ref": made.disclosure_ref})
    review_path = reverse("disclosure_review", kwargs={"ref": made.disclosure_ref})
    sar_review_path = reverse("sar_review", kwargs={"ref": made.sar_ref})
    therapist_bad = [
        ("GET", f"/clients/{uuid.uuid4()}/", t_cookie),  # unknown id: 404
        ("GET", f"/clients/{other_ref}/", t_cookie),  # another therapist's client: 404
        ("GET", "/clients/not-a-reference/", t_cookie),  # malformed: 404
        ("POST", f"/clients/{busy[lead.pk]}/consent/", t_cookie),  # no CSRF token: 403
        ("GET", "/manage/audit/", t_cookie),  # not an admin: 403
    ]
    supervisor_bad = [
        ("GET", f"/clients/{busy[lead.pk]}/", s_cookie),  # not a therapist: 403
        ("GET", "/manage/", s_cookie),
        ("POST", "/reviews/", s_cookie),  # no CSRF token: 403
    ]
    admin_bad = [
        ("GET", f"/clients/{busy[lead.pk]}/", a_cookie),
        ("GET", f"/manage/staff/{uuid.uuid4()}/", a_cookie),  # unknown id: 404
        ("POST", "/manage/practice/", a_cookie),  # no CSRF token: 403
    ]
    pages = [
        Page(
            "floor: bare view, no middleware", floor, [("GET", "/bench/floor/", "")], kind="floor"
        ),
        Page(
            "bare view, signed in (all middleware)",
            app,
            [("GET", "/bench/ping/", cookies[t.pk]) for t in therapists],
            kind="ping",
            share_target=0.3,
        ),
        Page(
            "caseload",
            app,
            [
                ("GET", path, cookies[t.pk])
                for t in therapists
                for path in ("/caseload/", "/caseload/?page=2")
            ],
            therapist_bad,
            (lead, "/caseload/"),
            share_target=0.1,
            in_process_target_ms=6.0,
        ),
        Page(
            f"client page, {Scale.busy_notes} notes",
            app,
            [("GET", f"/clients/{busy[t.pk]}/", cookies[t.pk]) for t in therapists],
            therapist_bad,
            (lead, f"/clients/{busy[lead.pk]}/"),
            share_target=0.05,
            in_process_target_ms=12.0,
        ),
        Page(
            "supervisor dashboard (the review queue)",
            app,
            [("GET", "/reviews/", s_cookie)],
            supervisor_bad,
            (supervisor, "/reviews/"),
            share_target=0.1,
        ),
        Page(
            "admin dashboard",
            app,
            [("GET", "/manage/", a_cookie)],
            admin_bad,
            (admin, "/manage/"),
            share_target=0.1,
        ),
        Page(
            "admin audit page",
            app,
            [("GET", "/manage/audit/", a_cookie)],
            admin_bad,
            (admin, "/manage/audit/"),
        ),
        Page(
            "disclosure request (the therapist's page)",
            app,
            [("GET", disclosure_path, t_cookie)],
            therapist_bad,
            (lead, disclosure_path),
        ),
        Page(
            "the supervisor's review of a disclosure request",
            app,
            [("GET", review_path, s_cookie)],
            supervisor_bad,
            (supervisor, review_path),
        ),
        Page(
            "subject access review (the therapist's page)",
            app,
            [("GET", sar_review_path, t_cookie)],
            therapist_bad,
            (lead, sar_review_path),
        ),
    ]
    for name, role, candidates in OPTIONAL_PAGES:
        path = next((p for p in map(_url, candidates) if p), None)
        if path is None:
            pages.append(Page(name, app, [], kind="absent"))
            continue
        user, cookie, bad = (
            (supervisor, s_cookie, supervisor_bad)
            if role == "supervisor"
            else (admin, a_cookie, admin_bad)
        )
        pages.append(Page(name, app, [("GET", path, cookie)], bad, (user, path), share_target=0.1))
    return pages


def _check_bad_requests(page: Page) -> list[str]:
    """Each bad request once, in turn: anything but a 4xx is a failure."""
    problems = []
    browser = Browser(page.base)
    for method, path, cookie in page.bad:
        status, _, _ = browser.request(method, path, cookie=cookie)
        if not 400 <= status < 500:
            problems.append(f"{page.name}: {method} {path} answered {status}, not a 4xx")
    return problems


def _write_plan(page: Page, plan_dir: Path) -> Path:
    lines = []
    for i in range(max(len(page.good), 1) * BAD_EVERY * max(len(page.bad), 1)):
        if page.bad and i % BAD_EVERY == BAD_EVERY - 1:
            method, path, cookie = page.bad[(i // BAD_EVERY) % len(page.bad)]
        else:
            method, path, cookie = page.good[i % len(page.good)]
        lines.append(f"{method}\t{path}\t{cookie}")
    plan = plan_dir / "wrk-plan.txt"
    plan.write_text("\n".join(lines) + "\n")
    return plan


def _wrk(page: Page, *, duration: int, connections: int, plan: Path) -> dict:
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=10s",
        "--latency",
        f"--script={WRK_SCRIPT}",
        page.base,
    ]
    output = subprocess.run(  # noqa: S603
        command, env={"WRK_PLAN": str(plan), "PATH": "/usr/bin:/bin"}, text=True,
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    result = json.loads(line.removeprefix("BENCH-JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def run_pages(
    pages: list[Page],
    *,
    duration: int,
    runs: int,
    connections: int,
    plan_dir: Path,
    only: str = "",
) -> list[dict]:
    results = []
    for page in pages:
        if only and page.kind != "floor" and only not in page.name:
            continue
        if page.kind == "absent":
            results.append({"name": page.name, "kind": "absent"})
            print(f"  {page.name}: not present on this branch")
            continue
        problems = _check_bad_requests(page)
        notes: list[str] = []
        plan = _write_plan(page, plan_dir)
        measured = []
        for _ in range(runs):
            measured.append(_wrk(page, duration=duration, connections=connections, plan=plan))
            time.sleep(1)
        measured.sort(key=lambda r: r["rps"])
        median = measured[len(measured) // 2]
        statuses = {int(status): n for status, n in median["statuses"].items()}
        for result in measured:
            for status, n in result["statuses"].items():
                if not (status.startswith("2") or status.startswith("4")):
                    problems.append(f"{page.name}: {n} responses with status {status}")
            errors = {k: v for k, v in result["errors"].items() if v}
            if errors:
                notes.append(f"wrk errors {errors} (slower than the 10 s timeout)")
        total = sum(statuses.values()) or 1
        bad_answered = sum(n for status, n in statuses.items() if 400 <= status < 500)
        results.append(
            {
                "name": page.name,
                "kind": page.kind,
                "example_path": page.good[0][1],
                "rps": round(median["rps"], 1),
                "rps_runs": [round(r["rps"], 1) for r in measured],
                "p50_ms": median["latency_us"]["p50"] / 1000,
                "p95_ms": median["latency_us"]["p95"] / 1000,
                "p99_ms": median["latency_us"]["p99"] / 1000,
                "requests": median["requests"],
                "statuses": statuses,
                "bad_share": round(bad_answered / total, 3) if page.bad else 0.0,
                "bad_kinds": len(page.bad),
                **(
                    in_process(*page.queries_as)
                    if page.queries_as
                    else {"queries": None, "in_process_ms": None, "in_process_cpu_ms": None}
                ),
                "share_target": page.share_target,
                "in_process_target_ms": page.in_process_target_ms,
                "problems": sorted(set(problems)),
                "notes": sorted(set(notes)),
            }
        )
        print(
            f"  {page.name}: {median['rps']:.0f} req/s, "
            f"p95 {median['latency_us']['p95'] / 1000:.1f} ms, "
            f"runs {[round(r['rps']) for r in measured]}"
            + (f"  PROBLEMS: {problems}" if problems else "")
        )
    return results
