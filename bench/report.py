"""The benchmark's results: a JSON file per run and the generated part of
docs/performance.md (between markers, so the written analysis around it stays)."""

from __future__ import annotations

import json
import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

P95_TARGET_MS = 100.0  # every page (issue 26)
MOST_QUERIES = 8  # every page (issue 26)


def _machine() -> dict:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1).strip() if match else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"MemTotal:\s*(\d+) kB", meminfo.read_text())
        memory = f"{int(match.group(1)) / 1024 / 1024:.0f} GB" if match else ""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": postgres,
        "os": platform.platform(),
    }


def _scale_counts() -> dict:
    from clients.models import Client
    from practice.models import AuditEvent, User
    from records.models import Note

    return {
        "therapists": User.objects.filter(username__startswith="bench-t").count(),
        "clients": Client.objects.count(),
        "notes": Note.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def build(
    results: list[dict],
    *,
    scale: str,
    state: dict,
    args: dict,
    root: Path,
    export: dict | None = None,
) -> dict:
    floor = next((r["rps"] for r in results if r.get("kind") == "floor"), None)
    for result in results:
        if result.get("kind") in ("absent", "floor") or not floor:
            continue
        result["share_of_floor"] = round(result["rps"] / floor, 3)
        result["target"], result["target_met"], result["missed"] = _verdict(result)
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "counts": _scale_counts(),
        "seed": state.get("seed_summary", ""),
        "machine": _machine(),
        "settings": {
            "server": f"gunicorn, {args['workers']} sync workers, DEBUG off",
            "load": f"wrk, {args['connections']} connections, {args['duration']} s per run, "
            f"median of {args['runs']}",
            "sessions": "Redis" if os.environ.get("REDIS_URL") else "database cache table",
        },
        "pages": results,
        "subject_access_export": export,
    }


def _verdict(result: dict) -> tuple[str, bool, list[str]]:
    """The page's targets (issue 26), whether all were met, and which were missed."""
    wanted = result.get("share_target") or 0.0
    checks = []
    if wanted:
        checks.append((f">= {wanted} of the floor", result["share_of_floor"] >= wanted))
    if result["kind"] != "ping":
        checks.append((f"p95 < {P95_TARGET_MS:.0f} ms", result["p95_ms"] < P95_TARGET_MS))
        if result.get("queries") is not None:
            checks.append((f"<= {MOST_QUERIES} queries", result["queries"] <= MOST_QUERIES))
    in_process = result.get("in_process_target_ms")
    if in_process and result.get("in_process_ms") is not None:
        checks.append((f"< {in_process:.0f} ms in process", result["in_process_ms"] < in_process))
    return (
        ", ".join(what for what, _ in checks),
        all(met for _, met in checks),
        [what for what, met in checks if not met],
    )


def export_line(document: dict) -> str:
    """The subject access export against the plain-block floor, as one sentence."""
    export = document.get("subject_access_export")
    if not export:
        return "Subject access export: not measured in this run."
    verdict = "met" if export["target_met"] else "**missed**"
    return (
        f"Subject access export of a client with {export['notes']:,} notes "
        f"({export['items']:,} items, {export['pages']:,} pages): {export['export_s']:.2f} s "
        f"(gathering {export['gather_s']:.2f} s, PDF, JSON and zip {export['build_s']:.2f} s; "
        f"WeasyPrint alone on the answer's HTML {export['weasyprint_s']:.2f} s) against "
        f"{export['floor_s']:.2f} s for the same text as plain blocks "
        f"({export['floor_pages']:,} pages): {export['ratio']:.2f} times "
        f"(target {export['target']}: {verdict})."
    )


def table(document: dict) -> str:
    rows = [
        "| page | requests/s | p50 | p95 | p99 | queries | in process (CPU) | share of floor "
        "| targets | 4xx share |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for page in document["pages"]:
        if page.get("kind") == "absent":
            rows.append(f"| {page['name']} | not on this branch | | | | | | | | |")
            continue
        met = page.get("target_met")
        if met is None:
            verdict = ""
        elif met:
            verdict = f"met ({page['target']})"
        else:
            verdict = "**missed**: " + ", ".join(page.get("missed", []))
        in_process = (
            f"{page['in_process_ms']:.1f} ms ({page['in_process_cpu_ms']:.1f})"
            if page.get("in_process_ms") is not None
            else "—"
        )
        rows.append(
            f"| {page['name']} | {page['rps']:,.0f} | {page['p50_ms']:.1f} ms "
            f"| {page['p95_ms']:.1f} ms | {page['p99_ms']:.1f} ms "
            f"| {page['queries'] if page.get('queries') is not None else '—'} "
            f"| {in_process} | {page.get('share_of_floor', 1.0):.2f} | {verdict} "
            f"| {page['bad_share']:.0%} |"
        )
    return "\n".join(rows)


def _markdown(document: dict) -> str:
    machine, counts = document["machine"], document["counts"]
    lines = [
        f"Run {document['date']}, scale `{document['scale']}`: "
        f"{counts['therapists']:,} therapists, {counts['clients']:,} clients, "
        f"{counts['notes']:,} encrypted notes, {counts['audit_events']:,} audit events.",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}; "
        f"PostgreSQL {machine['postgresql']}; Python {machine['python']}; load average at "
        f"the end {', '.join(map(str, machine['load_average']))}.",
        f"Served by {document['settings']['server']}; sessions in "
        f"{document['settings']['sessions']}; {document['settings']['load']}.",
        f"Seeding: {document['seed']}",
        "",
        table(document),
        "",
        export_line(document),
        "",
    ]
    for page in document["pages"]:
        for note in page.get("notes", []):
            lines.append(f"- {page['name']}: {note}")
    lines.extend(_chain_lines(document.get("chain")))
    problems = failures(document)
    lines.append(
        "Every bad request (unknown ids, another therapist's client, malformed references, "
        "posts without a CSRF token, the wrong role) was answered with a clean 4xx; no 5xx."
        if not problems
        else "Problems found: " + "; ".join(problems)
    )
    return "\n".join(lines) + "\n"


def _chain_lines(chain: dict | None) -> list[str]:
    if not chain:
        return []
    verify = chain["verify_full"]
    lines = [
        "",
        f"`verify_audit --full`: {verify['events']:,} events in {verify['seconds']:.1f} s "
        f"({verify['seconds_per_million']:.1f} s per million; target under 10 s per million: "
        f"{'met' if verify['seconds_per_million'] < 10 else '**missed**'}); chain "
        f"{'intact' if verify['ok'] else '**broken**'}.",
        "",
        "| audited actions | workers | held after append | actions/s | linked and verified |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for run in chain["audit_append"]:
        what = {"queue": "queue when held (the app)", "wait": "every action waits (before)"}
        sound = run["all_linked"] and run["chain_verified"]
        lines.append(
            f"| {what[run['mode']]} | {run['workers']} | {run['hold_ms']:.0f} ms "
            f"| {run['actions_per_second']:,.0f} | {'yes' if sound else '**no**'} |"
        )
    lines.append("")
    return lines


def failures(document: dict) -> list[str]:
    problems = [problem for page in document["pages"] for problem in page.get("problems", [])]
    chain = document.get("chain")
    if chain and not chain["verify_full"]["ok"]:
        problems.append("the audit chain did not verify")
    for run in (chain or {}).get("audit_append", []):
        if not (run["all_linked"] and run["chain_verified"]):
            problems.append(f"audited actions ({run['mode']}): not every event was linked")
    return problems


def write(document: dict, *, root: Path, only: str = "") -> list[Path]:
    """The JSON, and (for a run of every page) the generated part of docs/performance.md."""
    day = document["date"][:10]
    suffix = "" if document["scale"] == "full" else f"-{document['scale']}"
    if only:
        suffix += "-only-" + re.sub(r"[^a-z0-9]+", "-", only.lower()).strip("-")
    results = root / "bench" / "results" / f"{day}{suffix}.json"
    run = 1
    while results.exists():  # a second run the same day is kept beside the first
        run += 1
        results = root / "bench" / "results" / f"{day}{suffix}-run{run}.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(document, indent=2) + "\n")
    if only:
        return [results]
    doc = root / "docs" / "performance.md"
    begin = f"<!-- bench:{document['scale']}:begin -->"
    end = f"<!-- bench:{document['scale']}:end -->"
    text = doc.read_text() if doc.exists() else "# Performance\n"
    section = f"{begin}\n{_markdown(document)}{end}"
    if begin in text and end in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + f"\n\n## Latest `{document['scale']}` run\n\n{section}\n"
    doc.write_text(text)
    return [results, doc]
