"""A practice at network scale for the benchmark: staff, clients, case files, sessions,
encrypted notes and their audit history, written in bulk.

Nothing is faked that a page relies on: every note body is encrypted with its case file's
own data key (wrapped by the configured key-encryption key) and bound to its row, and every
event joins the one audit chain with a hash from `practice.audit.compute_hash`, so
`verify_audit` passes afterwards. What is skipped is the per-row service path (one
transaction and one chain-head lock per action), which is what makes it fast.

Time is a synthetic clock: the history runs from `history_days` ago to now, one tick per
event, so the trail's times rise with its sequence numbers and each note's times match
its events. The practice grows therapist by therapist (the first one's records are the
oldest).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connections, router, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from psycopg.types.json import Jsonb

from clients.models import Client
from practice import keyring
from practice.audit import GENESIS_HASH, compute_hash
from practice.models import AuditChainHead, AuditEvent, Supervision, User
from practice.roles import Role
from practice.routers import atomic_across_databases
from records.models import CaseFile, Note, Session, new_record_ref

USERNAME_PREFIX = "bench-"
BATCH = 2000
SOURCE = "127.0.0.1"

_GIVEN = "Ada Ben Cara Dev Eli Fay Gus Hana Ivo Jo Kit Lea Max Nia Oli Pip Rae Sol".split()  # noqa: SIM905
_FAMILY = "Archer Bell Cole Dunn Ellis Ford Grant Hale Irwin Jones Kerr Lowe Moss".split()  # noqa: SIM905
_WORDS = (  # noqa: SIM905
    "client reflected on the week and described feeling calmer after sleep improved "
    "we explored patterns at work and at home agreed to continue noticing thoughts "
    "before reacting discussed the ending of a relationship and the grief that followed "
    "practised a grounding exercise together and planned small steps for the coming days "
    "risk was reviewed and no current concerns were raised supervision not needed today"
).split()


@dataclass(frozen=True)
class Scale:
    therapists: int = 100
    clients_per_therapist: int = 200
    notes_per_client: int = 50
    busy_notes: int = 500  # the first client of each therapist: the "500 notes" page
    supervisors: int = 0  # 0: one for every ten therapists
    history_days: int = 3650
    password: str = "bench-practice-2026"  # noqa: S105 - a throwaway benchmark database

    @property
    def supervisor_count(self) -> int:
        return self.supervisors or max(1, self.therapists // 10)

    def notes_of(self, client_index: int) -> int:
        if client_index == 0:
            return max(self.notes_per_client, self.busy_notes)
        return self.notes_per_client

    @property
    def total_notes(self) -> int:
        return self.therapists * sum(
            self.notes_of(index) for index in range(self.clients_per_therapist)
        )

    @property
    def total_events(self) -> int:
        staff = self.therapists + self.supervisor_count + 1
        clients = self.therapists * self.clients_per_therapist
        return staff + clients * 4 + self.total_notes * 3


@dataclass
class Progress:
    notes: int = 0
    clients: int = 0
    events: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    @property
    def notes_per_second(self) -> float:
        return self.notes / self.seconds if self.seconds else 0.0


class SeedRefused(Exception):
    """The database holds a practice that is not a benchmark one."""


class _Chain:
    """Appends events to the audit chain in bulk, holding the chain head for the batch."""

    def __init__(self, start: datetime, tick: timedelta) -> None:
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        self.head = head
        self.seq, self.hash = head.seq, head.hash
        self.now, self.tick = start, tick
        self.pending: list[dict] = []

    def next_time(self) -> datetime:
        self.now += self.tick
        return self.now

    def add(
        self, *, actor: User | None, action: str, target_ref: str, details: dict, at: datetime
    ) -> None:
        self.seq += 1
        event = {
            "seq": self.seq,
            "created_at": at,
            "actor_id": actor.pk if actor else None,
            "actor_label": actor.username if actor else "",
            "action": action,
            "target_ref": target_ref,
            "source": SOURCE,
            "details": details,
            "prev_hash": self.hash,
        }
        event["hash"] = self.hash = compute_hash(**{**event, "created_at": at.isoformat()})
        self.pending.append(event)

    def flush(self) -> int:
        written = len(self.pending)
        _insert(AuditEvent, self.pending)
        self.pending = []
        AuditChainHead.objects.filter(pk=1).update(seq=self.seq, hash=self.hash)
        return written


def _insert(model: type, rows: list[dict], *, with_ids: bool = False) -> list[int]:
    """Insert rows given as {attname: value} in bulk; return their ids when asked.

    Fields a row leaves out take their model default (so a column added later still gets
    a value). PostgreSQL: COPY, ids drawn from the sequence first. Elsewhere: bulk_create.
    """
    if not rows:
        return []
    meta = model._meta
    pk = meta.pk
    automatic_pk = pk.get_internal_type() in {"AutoField", "BigAutoField"}
    fields = [f for f in meta.concrete_fields if not (f is pk and automatic_pk)]
    missing = [f for f in fields if f.attname not in rows[0]]
    for row in rows:
        for f in missing:
            row[f.attname] = f.get_default()
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        objs = [model(**row) for row in rows]
        with _times_as_given(model):
            model.objects.bulk_create(objs, batch_size=BATCH)
        return [obj.pk for obj in objs] if with_ids else []
    ids: list[int] = []
    with connection.cursor() as cursor:
        if automatic_pk and with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(rows)],
            )
            ids = [new_id for (new_id,) in cursor.fetchall()]
            fields = [pk, *fields]
            for row, new_id in zip(rows, ids, strict=True):
                row[pk.attname] = new_id
        json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
        names = [f.attname for f in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(meta.db_table)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [Jsonb(row[name]) if name in json_fields else row[name] for name in names]
                )
    return ids


@contextmanager
def _times_as_given(model: type) -> Iterator[None]:
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


class _Row:
    """What EncryptedTextField needs to encrypt a value for a row not built as a model."""

    def __init__(self, model: type, ref: uuid.UUID, owner: CaseFile, context: str = "") -> None:
        self._meta = model._meta
        self.ref = ref
        self._owner = owner
        if context:  # what the model binds besides the row (a note: its version and state)
            self.encryption_context = lambda: context

    def encryption_owner(self) -> CaseFile:
        return self._owner


def _refuse_unless_empty_or_bench() -> None:
    others = User.objects.exclude(username__startswith=USERNAME_PREFIX)
    if others.exists():
        raise SeedRefused(
            "This database holds staff accounts that are not from seed_scale; it seeds only "
            "an empty database (use a separate one for benchmarking)."
        )
    if User.objects.exists():
        raise SeedRefused("This database is already seeded; drop and re-create it first.")


def _bodies(rng: random.Random, count: int = 64) -> list[str]:
    """Note bodies of 400-1,200 characters, made from neutral words (all fictional)."""
    bodies = []
    for _ in range(count):
        words: list[str] = []
        length, target = 0, rng.randint(400, 1200)
        while length < target:
            words.append(rng.choice(_WORDS))
            length += len(words[-1]) + 1
        bodies.append((" ".join(words)).capitalize() + ".")
    return bodies


def _staff(scale: Scale, chain: _Chain) -> tuple[list[User], list[User], User]:
    password = make_password(scale.password)
    groups = {group.name: group for group in Group.objects.all()}

    def build(username: str, first: str) -> User:
        return User(username=username, password=password, first_name=first, last_name="Bench")

    therapists = [build(f"{USERNAME_PREFIX}t{n:03d}", "Therapist") for n in range(scale.therapists)]
    supervisors = [
        build(f"{USERNAME_PREFIX}s{n:02d}", "Supervisor") for n in range(scale.supervisor_count)
    ]
    admin = build(f"{USERNAME_PREFIX}admin", "Admin")
    everyone = [*therapists, *supervisors, admin]
    User.objects.bulk_create(everyone)
    saved = {u.username: u for u in User.objects.filter(username__startswith=USERNAME_PREFIX)}
    therapists = [saved[u.username] for u in therapists]
    supervisors = [saved[u.username] for u in supervisors]
    admin = saved[admin.username]
    through = User.groups.through
    memberships = [through(user=u, group=groups[Role.THERAPIST]) for u in therapists]
    memberships += [through(user=u, group=groups[Role.SUPERVISOR]) for u in supervisors]
    memberships.append(through(user=admin, group=groups[Role.ADMIN]))
    through.objects.bulk_create(memberships)
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=u, name="Bench authenticator", confirmed=True)
        for u in [*therapists, *supervisors, admin]
    )
    start = timezone.localdate() - timedelta(days=scale.history_days)
    Supervision.objects.bulk_create(
        Supervision(therapist=t, supervisor=supervisors[n % len(supervisors)], starts_on=start)
        for n, t in enumerate(therapists)
    )
    for user in [*therapists, *supervisors, admin]:
        role = (
            Role.THERAPIST
            if user in therapists
            else Role.SUPERVISOR
            if user in supervisors
            else Role.ADMIN
        )
        chain.add(
            actor=None,
            action="staff.created",
            target_ref=str(user.ref),
            details={"roles": [str(role)]},
            at=chain.next_time(),
        )
    return therapists, supervisors, admin


def _caseload(
    scale: Scale,
    therapist: User,
    chain: _Chain,
    rng: random.Random,
    bodies: list[str],
    progress: Progress,
) -> None:
    """One therapist's clients, case files, sessions, notes and events."""
    case_files: list[CaseFile] = []
    rows: list[dict] = []
    for _ in range(scale.clients_per_therapist):
        ref = new_record_ref()
        opened = chain.next_time()
        case_file = CaseFile(record_ref=ref, therapist=therapist)
        case_file.wrapped_key = keyring.wrap_data_key(keyring.new_data_key(), owner=ref)
        case_files.append(case_file)
        rows.append(
            {
                "record_ref": ref,
                "therapist_id": therapist.pk,
                "opened_on": opened.date(),
                "wrapped_key": case_file.wrapped_key,
                "records_consent_at": opened,
                "records_consent_source": "recorded_by_therapist",
                "created_at": opened,
            }
        )
        for action, details in (
            ("records.case_file_opened", {}),
            ("clients.created", {}),
            ("records.consent_recorded", {"source": "recorded_by_therapist"}),
        ):
            chain.add(actor=therapist, action=action, target_ref=ref, details=details, at=opened)
    notes: list[dict] = []
    sessions: list[dict] = []
    for index, (case_file, row) in enumerate(zip(case_files, rows, strict=True)):
        count = scale.notes_of(index)
        _notes_of(case_file, count, therapist, chain, rng, bodies, sessions, notes)
        row["last_contact_on"] = sessions[-1]["date"] if count else None
        progress.notes += count
    case_file_ids = _insert(CaseFile, rows, with_ids=True)
    by_ref = dict(zip((row["record_ref"] for row in rows), case_file_ids, strict=True))
    _insert(
        Client,
        [
            {
                "record_ref": row["record_ref"],
                "therapist_id": therapist.pk,
                "status": Client.Status.ACTIVE.value,
                "given_name": rng.choice(_GIVEN),
                "family_name": rng.choice(_FAMILY),
                "email": "client@example.invalid",
                "created_at": row["created_at"],
                "updated_at": row["created_at"],
            }
            for row in rows
        ],
    )
    for session in sessions:
        session["case_file_id"] = by_ref[session.pop("record_ref")]
    session_ids = _insert(Session, sessions, with_ids=True)
    for note, session_id in zip(notes, session_ids, strict=True):
        note["case_file_id"] = by_ref[note.pop("record_ref")]
        note["session_id"] = session_id
    _insert(Note, notes)
    progress.clients += len(case_files)


def _notes_of(
    case_file: CaseFile,
    count: int,
    therapist: User,
    chain: _Chain,
    rng: random.Random,
    bodies: list[str],
    sessions: list[dict],
    notes: list[dict],
) -> None:
    """Append one case file's sessions and signed notes (one each), with their events."""
    ref = case_file.record_ref
    body_field = Note._meta.get_field("body")
    note_refs = []
    for _ in range(count):
        at = chain.next_time()
        signed = chain.next_time()
        session_ref, note_ref = uuid.uuid4(), uuid.uuid4()
        sessions.append(
            {
                "record_ref": ref,
                "ref": session_ref,
                "date": at.date(),
                "start_time": clock_time(rng.randint(8, 19)),
                "duration_minutes": 50,
                "modality": Session.Modality.IN_PERSON.value,
                "attendance": Session.Attendance.ATTENDED.value,
                "created_at": at,
                "updated_at": at,
            }
        )
        sealed = _Row(Note, note_ref, case_file, context=f"v2|{Note.Status.SIGNED.value}")
        body_field.encrypt_for(sealed, rng.choice(bodies))
        notes.append(
            {
                "record_ref": ref,
                "ref": note_ref,
                "body": getattr(sealed, body_field.attname),
                "status": Note.Status.SIGNED.value,
                "version": 2,
                "author_id": therapist.pk,
                "created_at": at,
                "updated_at": signed,
                "signed_at": signed,
                "written_without_consent": False,
            }
        )
        note_refs.append(str(note_ref))
        chain.add(
            actor=therapist, action="records.session_saved", target_ref=ref,
            details={"session": str(session_ref), "created": True}, at=at,
        )  # fmt: skip
        chain.add(
            actor=therapist, action="records.note_created", target_ref=ref,
            details={"note": str(note_ref), "without_consent": False}, at=at,
        )  # fmt: skip
        chain.add(
            actor=therapist, action="records.note_signed", target_ref=ref,
            details={"note": str(note_ref)}, at=signed,
        )  # fmt: skip
    if note_refs:
        chain.add(
            actor=therapist, action="records.notes_viewed", target_ref=ref,
            details={"notes": note_refs[-10:]}, at=chain.next_time(),
        )  # fmt: skip


def seed(
    scale: Scale, *, seed: int = 2026, report: Callable[[str, Progress], None] | None = None
) -> Progress:
    """Seed an empty database at `scale`; one transaction per therapist's caseload."""
    _refuse_unless_empty_or_bench()
    rng = random.Random(seed)  # noqa: S311 - fictional data, not a secret
    bodies = _bodies(rng)
    progress = Progress()
    now = timezone.now().astimezone(UTC)
    span = timedelta(days=scale.history_days)
    tick = span / max(1, scale.total_events + 1)
    clock = now - span
    with transaction.atomic():
        chain = _Chain(clock, tick)
        therapists, _supervisors, _admin = _staff(scale, chain)
        progress.events += chain.flush()
        clock = chain.now
    for number, therapist in enumerate(therapists, start=1):
        with atomic_across_databases():
            chain = _Chain(clock, tick)
            _caseload(scale, therapist, chain, rng, bodies, progress)
            progress.events += chain.flush()
            clock = chain.now
        if report:
            report(f"therapist {number}/{len(therapists)}", progress)
    return progress
