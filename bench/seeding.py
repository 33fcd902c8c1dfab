"""A practice at network scale for the benchmark: staff, clients, case files, sessions,
encrypted notes and their audit history, written in bulk.

Nothing is faked that a page relies on: every note body is encrypted with its case file's
own data key (wrapped by the configured key-encryption key) and bound to its row, and every
event joins the one audit chain with a hash over `practice.audit.canonical`'s text, so
`verify_audit` passes afterwards. What is skipped is the per-row service path (one
transaction and one chain-head lock per action), which is what makes it fast.

Time is a synthetic clock: the history runs from `history_days` ago to now, one tick per
event, so the trail's times rise with its sequence numbers and each note's times match
its events. The practice grows therapist by therapist (the first one's records are the
oldest).
"""

from __future__ import annotations

import hashlib
import hmac
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connections, router, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import bulk
from clients.models import Client
from practice import keyring
from practice.audit import GENESIS_HASH, audit_key
from practice.audit.canonical import EVENT_COLUMNS, EventTexts
from practice.models import AuditChainHead, AuditEvent, Supervision, User
from practice.roles import Role
from records.models import CaseFile, Note, Session, new_record_ref

USERNAME_PREFIX = "bench-"
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


class Chain:
    """Links events into the audit chain in memory; each batch's events are written, and
    the chain head moved, in that batch's transaction (see `take`)."""

    def __init__(self, start: datetime, tick: timedelta) -> None:
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        self.seq, self.hash = head.seq, head.hash
        self.now, self.tick = start, tick
        self.key = audit_key()
        self.copy = bulk.uses_copy(AuditEvent)
        self.pending: list = []
        self.texts = EventTexts()

    def next_time(self) -> datetime:
        self.now += self.tick
        return self.now

    def add(
        self, *, actor: User | None, action: str, target_ref: str, details: dict, at: datetime
    ) -> None:
        """Append one event. Its hash is `compute_hash`'s: HMAC-SHA256 under the audit key
        over the canonical text, made by `EventTexts` (the bench tests compare the two)."""
        self.seq += 1
        actor_id, label = (actor.pk, actor.username) if actor else (None, "")
        created_at = at.isoformat()
        canonical = self.texts(
            self.seq, created_at, actor_id, label, action, target_ref, SOURCE, details, self.hash
        )
        digest = hmac.new(self.key, canonical.encode("ascii"), hashlib.sha256).hexdigest()
        if self.copy:  # one COPY line, columns as in _EVENT_COPY
            text, details_json = bulk.copy_text, bulk.ENCODE_JSON(details)
            self.pending.append(
                f"{self.seq}\t{created_at}\t{text(actor_id)}\t{text(label)}\t{text(action)}\t"
                f"{text(target_ref)}\t{SOURCE}\t{text(details_json)}\t{self.hash}\t{digest}\n"
            )
        else:
            self.pending.append(
                AuditEvent(
                    seq=self.seq, created_at=at, actor_id=actor_id, actor_label=label,
                    action=action, target_ref=target_ref, source=SOURCE, details=details,
                    prev_hash=self.hash, hash=digest,
                )
            )  # fmt: skip
        self.hash = digest

    def take(self) -> Callable[[], int]:
        """Hand over the pending events as a function that writes them and moves the chain
        head (holding its lock), to be called in the batch's transaction."""
        events, self.pending = self.pending, []
        first, last, digest, copy = self.seq - len(events), self.seq, self.hash, self.copy

        def write() -> int:
            head = AuditChainHead.objects.select_for_update().get(pk=1)
            if head.seq != first:
                raise RuntimeError(f"the chain head moved to {head.seq} while seeding")
            if copy and events:
                connection = connections[router.db_for_write(AuditEvent)]
                with connection.cursor() as cursor, cursor.copy(_EVENT_COPY) as stream:
                    stream.write("".join(events))
            else:
                AuditEvent.objects.bulk_create(events, batch_size=bulk.BATCH)
            AuditChainHead.objects.filter(pk=1).update(seq=last, hash=digest)
            return len(events)

        return write


_EVENT_COPY = (
    f"COPY {AuditEvent._meta.db_table} "
    f"({', '.join(AuditEvent._meta.get_field(name).column for name in EVENT_COLUMNS)}) FROM STDIN"
)


class _Row:
    """What EncryptedTextField needs to encrypt a value for a row not built as a model."""

    def __init__(self, model: type, ref: str, owner: CaseFile, context: str = "") -> None:
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


def bodies(rng: random.Random, count: int = 64) -> list[str]:
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


def _staff(scale: Scale, chain: Chain) -> tuple[list[User], list[User], User]:
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


class Keys:
    """Ids drawn ahead for the rows others point at."""

    def __init__(self) -> None:
        self.case_files, self.sessions = bulk.Ids(CaseFile), bulk.Ids(Session)


def caseload(
    scale: Scale,
    therapist: User,
    chain: Chain,
    rng: random.Random,
    bodies: list[str],
    keys: Keys,
) -> tuple[list[bulk.Table], int, int]:
    """One therapist's clients, case files, sessions, notes and events, not yet written:
    (tables, clients, notes)."""
    rows: list[dict] = []
    case_file_ids = keys.case_files.take(scale.clients_per_therapist)
    counts = [scale.notes_of(index) for index in range(scale.clients_per_therapist)]
    session_ids = iter(keys.sessions.take(sum(counts)))
    notes: list[dict] = []
    sessions: list[dict] = []
    for case_file_id, count in zip(case_file_ids, counts, strict=True):
        ref = new_record_ref()
        opened = chain.next_time()
        case_file = CaseFile(id=case_file_id, record_ref=ref, therapist=therapist)
        case_file.wrapped_key = keyring.wrap_data_key(keyring.new_data_key(), owner=ref)
        row = {
            "id": case_file_id,
            "record_ref": ref,
            "therapist_id": therapist.pk,
            "opened_on": opened.date(),
            "wrapped_key": case_file.wrapped_key,
            "records_consent_at": opened,
            "records_consent_source": "recorded_by_therapist",
            "created_at": opened,
        }
        rows.append(row)
        for action, details in (
            ("records.case_file_opened", {}),
            ("clients.created", {}),
            ("records.consent_recorded", {"source": "recorded_by_therapist"}),
        ):
            chain.add(actor=therapist, action=action, target_ref=ref, details=details, at=opened)
        _notes_of(case_file, count, therapist, chain, rng, bodies, session_ids, sessions, notes)
        row["last_contact_on"] = sessions[-1]["date"] if count else None
    clients = [
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
    ]
    tables = [
        bulk.Table(CaseFile, rows),
        bulk.Table(Client, clients),
        bulk.Table(Session, sessions),
        bulk.Table(Note, notes),
    ]
    return tables, len(rows), len(notes)


def _notes_of(
    case_file: CaseFile,
    count: int,
    therapist: User,
    chain: Chain,
    rng: random.Random,
    bodies: list[str],
    session_ids: Iterator[int],
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
        session_id = next(session_ids)
        session_ref, note_ref = str(uuid.uuid4()), str(uuid.uuid4())
        sessions.append(
            {
                "id": session_id,
                "case_file_id": case_file.id,
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
                "case_file_id": case_file.id,
                "session_id": session_id,
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
        note_refs.append(note_ref)
        chain.add(
            actor=therapist, action="records.session_saved", target_ref=ref,
            details={"session": session_ref, "created": True}, at=at,
        )  # fmt: skip
        chain.add(
            actor=therapist, action="records.note_created", target_ref=ref,
            details={"note": note_ref, "without_consent": False}, at=at,
        )  # fmt: skip
        chain.add(
            actor=therapist, action="records.note_signed", target_ref=ref,
            details={"note": note_ref}, at=signed,
        )  # fmt: skip
    if note_refs:
        chain.add(
            actor=therapist, action="records.notes_viewed", target_ref=ref,
            details={"notes": note_refs[-10:]}, at=chain.next_time(),
        )  # fmt: skip


def seed(
    scale: Scale, *, seed: int = 2026, report: Callable[[str, Progress], None] | None = None
) -> Progress:
    """Seed an empty database at `scale`; one transaction per therapist's caseload.

    On PostgreSQL (outside a caller's transaction) a writer thread stores one caseload
    while the next is built; the chain is linked here, in order, and each transaction moves
    the chain head to its last event."""
    _refuse_unless_empty_or_bench()
    rng = random.Random(seed)  # noqa: S311 - fictional data, not a secret
    texts = bodies(rng)
    progress = Progress()
    now = timezone.now().astimezone(UTC)
    span = timedelta(days=scale.history_days)
    tick = span / max(1, scale.total_events + 1)
    with transaction.atomic():
        chain = Chain(now - span, tick)
        therapists, _supervisors, _admin = _staff(scale, chain)
        progress.events += chain.take()()
    threaded = all(
        connections[alias].vendor == "postgresql" and not connections[alias].in_atomic_block
        for alias in {router.db_for_write(model) for model in (AuditEvent, Note, User)}
    )
    writer = bulk.Writer(threaded=threaded)
    keys = Keys()
    try:
        for number, therapist in enumerate(therapists, start=1):
            tables, clients, notes = caseload(scale, therapist, chain, rng, texts, keys)
            for table in tables:
                table.prepare()
            events = chain.take()

            def write(tables=tables, events=events) -> int:
                for table in tables:
                    table.write()
                return events()

            def done(written: int, clients=clients, notes=notes) -> None:
                progress.clients += clients
                progress.notes += notes
                progress.events += written

            writer.submit(write, done)
            if report:
                report(f"therapist {number}/{len(therapists)}", progress)
    finally:
        writer.close()
    return progress
