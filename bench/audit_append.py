"""How many audited actions per second the whole practice can make at once.

Each of `workers` processes (16, like 16 busy gunicorn workers) repeats one audited action
for `seconds`: a transaction that appends one event and then holds the transaction open
for `hold_ms` more (the rest of a real action's work before it commits). Measured twice:

- `queue`: what the app does (`practice.audit.sequencer`): an action that finds the chain
  head held queues a signed entry and goes on; the holder links the queue after it lets go.
- `wait`: every action waits for the chain head, as every action did before the queue.

After each run every queued entry must have been linked and the chain must verify from
where the run started; the result says so. Run it on its own against a seeded database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_small \\
        .venv/bin/python -m bench.audit_append --workers 16 --seconds 5
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _worker(mode: str, seconds: float, hold_ms: float, start_at: float, out) -> None:
    from django.db import connections, transaction

    from bench.audit_vocabulary import Action
    from practice import audit

    connections.close_all()  # a connection of its own, never the parent's
    done = 0
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    while time.time() < deadline:
        with transaction.atomic():
            audit.record(
                action=Action.AUDITED_ACTION, source="bench", wait_for_chain=(mode == "wait")
            )
            if hold_ms:
                time.sleep(hold_ms / 1000)
        done += 1
    connections.close_all()
    out.put(done)


def measure(*, mode: str, workers: int = 16, seconds: float = 5.0, hold_ms: float = 1.0) -> dict:
    """Run one mode; return actions per second and whether the chain held."""
    from django.db import connections

    from bench.audit_vocabulary import Action
    from practice.audit import sequencer as audit_sequencer
    from practice.audit.verify import verify_chain
    from practice.models import AuditChainHead, AuditEvent

    head_before = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.time() + 1.0
    processes = [
        context.Process(target=_worker, args=(mode, seconds, hold_ms, start_at, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    counts = [results.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join()
    audit_sequencer.drain()
    waiting, rejected = audit_sequencer.waiting_count()
    linked = AuditEvent.objects.filter(seq__gt=head_before, action=Action.AUDITED_ACTION).count()
    report = verify_chain(incremental=True)
    total = sum(counts)
    return {
        "mode": mode,
        "workers": workers,
        "seconds": seconds,
        "hold_ms": hold_ms,
        "actions": total,
        "actions_per_second": round(total / seconds, 1),
        "all_linked": linked == total and waiting == 0 and rejected == 0,
        "chain_verified": report.ok,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--hold-ms", type=float, default=1.0)
    parser.add_argument("--modes", default="queue,wait")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    for mode in args.modes.split(","):
        result = measure(
            mode=mode, workers=args.workers, seconds=args.seconds, hold_ms=args.hold_ms
        )
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
