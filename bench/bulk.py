"""Bulk writing for seed_scale: ids drawn ahead, rows as COPY text, and a writer thread.

PostgreSQL: the rows of one batch are formatted as COPY text on the main thread and
written by one writer thread, one transaction per batch, so building the next batch (Python)
and storing the last one (PostgreSQL) use the two cores at once. Elsewhere (SQLite, and
inside a caller's transaction, as in tests) each batch is written at once with
`bulk_create`.
"""

from __future__ import annotations

import json
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as clock_time
from typing import Any

from django.db import connections, router
from django.db.models import Max

from practice.routers import atomic_across_databases

BATCH = 2000
# The same encoder `json.dumps(..., sort_keys=True, separators=(",", ":"))` builds per call.
ENCODE_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escaped(value: str) -> str:
    return value.translate(_ESCAPES) if "\\" in value or "\t" in value or "\n" in value else value


_FORMATS: dict[type, Callable[[Any], str]] = {
    str: _escaped,
    int: str,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    datetime: datetime.isoformat,
    date: date.isoformat,
    clock_time: clock_time.isoformat,
    uuid.UUID: str,
}


def copy_text(value: object) -> str:
    """One value in PostgreSQL's COPY text format."""
    form = _FORMATS.get(type(value))
    if form is not None:
        return form(value)
    if isinstance(value, dict | list):
        return _escaped(ENCODE_JSON(value))
    return _escaped(str(value))


def uses_copy(model: type) -> bool:
    return connections[router.db_for_write(model)].vendor == "postgresql"


class Ids:
    """Primary keys handed out ahead of the insert, so rows can point at each other."""

    def __init__(self, model: type) -> None:
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.next = None
        if self.connection.vendor != "postgresql":  # one writer (tests): count on from the top
            self.next = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def take(self, count: int) -> list[int]:
        if self.next is not None:
            first, self.next = self.next, self.next + count
            return list(range(first, self.next))
        meta = self.model._meta
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return [new_id for (new_id,) in cursor.fetchall()]


class Table:
    """Rows of one model given as {attname: value}; fields left out take their default."""

    def __init__(self, model: type, rows: list[dict]) -> None:
        self.model = model
        self.rows = rows
        meta = model._meta
        given = rows[0].keys() if rows else ()
        automatic = meta.pk.get_internal_type() in {"AutoField", "BigAutoField"}
        self.fields = [
            f
            for f in meta.concrete_fields
            if f.attname in given or not (f is meta.pk and automatic)
        ]
        self.text = ""

    def prepare(self) -> None:
        """Format the rows as COPY text (PostgreSQL). Fields the rows leave out go last,
        with their default (worked out once unless it is a callable)."""
        if not self.rows or not uses_copy(self.model):
            return
        first = self.rows[0]
        given = [f for f in self.fields if f.attname in first]
        missing = [f for f in self.fields if f.attname not in first]
        each = [f for f in missing if callable(f.default)]
        fixed = [f for f in missing if not callable(f.default)]
        self.fields = [*given, *each, *fixed]
        names = [f.attname for f in given]
        suffix = "".join("\t" + copy_text(f.get_default()) for f in fixed) + "\n"
        text = copy_text
        lines = []
        for row in self.rows:
            values = [text(row[name]) for name in names]
            values += [text(f.get_default()) for f in each]
            lines.append("\t".join(values) + suffix)
        self.text = "".join(lines)
        self.rows = []

    def write(self) -> None:
        if self.text:
            connection = connections[router.db_for_write(self.model)]
            quote = connection.ops.quote_name
            columns = ", ".join(quote(f.column) for f in self.fields)
            sql = f"COPY {quote(self.model._meta.db_table)} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.copy(sql) as copy:
                copy.write(self.text)
        elif self.rows:
            for row in self.rows:
                for f in self.fields:
                    if f.attname not in row:
                        row[f.attname] = f.get_default()
            with times_as_given(self.model):
                self.model.objects.bulk_create(
                    [self.model(**row) for row in self.rows], batch_size=BATCH
                )


@contextmanager
def times_as_given(model: type) -> Iterator[None]:
    """Let bulk_create keep the historical times a row carries instead of stamping now."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


Batch = Callable[[], int]  # writes one batch inside its transaction; returns its events


class Writer:
    """Writes batches in order, one transaction each: on a thread of its own when the
    database is PostgreSQL and no transaction is open here, else at once."""

    def __init__(self, *, threaded: bool) -> None:
        self.error: BaseException | None = None
        self.thread = None
        if threaded:
            self.queue: queue.Queue = queue.Queue(maxsize=1)
            self.thread = threading.Thread(target=self._run, name="seed-writer", daemon=True)
            self.thread.start()

    @staticmethod
    def _write(batch: Batch, done: Callable[[int], None]) -> None:
        with atomic_across_databases():
            written = batch()
        done(written)

    def _run(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        self._write(*item)
                    except BaseException as error:  # handed to the main thread
                        self.error = error
        finally:
            connections.close_all()

    def submit(self, batch: Batch, done: Callable[[int], None]) -> None:
        self._raise()
        if self.thread is None:
            self._write(batch, done)
        else:
            self.queue.put((batch, done))

    def close(self) -> None:
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error
