"""SQL for the triggers that keep the audit trail append-only.

- Events: UPDATE and DELETE refused row by row (SQLite and PostgreSQL); on PostgreSQL a
  statement trigger refuses TRUNCATE too, which row triggers never see.
- The chain head: its sequence number may only grow, and the row cannot be deleted or
  truncated, so cutting the newest events cannot be hidden by moving the head back.
"""

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS practice_auditevent_no_update
       BEFORE UPDATE ON practice_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS practice_auditevent_no_delete
       BEFORE DELETE ON practice_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS practice_auditchainhead_forward_only
       BEFORE UPDATE ON practice_auditchainhead
       WHEN NEW.seq < OLD.seq
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END;""",
    """CREATE TRIGGER IF NOT EXISTS practice_auditchainhead_no_delete
       BEFORE DELETE ON practice_auditchainhead
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS practice_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS practice_auditevent_no_delete;",
    "DROP TRIGGER IF EXISTS practice_auditchainhead_forward_only;",
    "DROP TRIGGER IF EXISTS practice_auditchainhead_no_delete;",
]
POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION practice_auditevent_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END;
       $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION practice_auditchainhead_guard() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND NEW.seq >= OLD.seq THEN RETURN NEW; END IF;
         RAISE EXCEPTION 'the audit chain head only moves forward';
       END;
       $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS practice_auditevent_append_only ON practice_auditevent;",
    """CREATE TRIGGER practice_auditevent_append_only
       BEFORE UPDATE OR DELETE ON practice_auditevent
       FOR EACH ROW EXECUTE FUNCTION practice_auditevent_refuse();""",
    "DROP TRIGGER IF EXISTS practice_auditevent_no_truncate ON practice_auditevent;",
    """CREATE TRIGGER practice_auditevent_no_truncate
       BEFORE TRUNCATE ON practice_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION practice_auditevent_refuse();""",
    "DROP TRIGGER IF EXISTS practice_auditchainhead_forward_only ON practice_auditchainhead;",
    """CREATE TRIGGER practice_auditchainhead_forward_only
       BEFORE UPDATE OR DELETE ON practice_auditchainhead
       FOR EACH ROW EXECUTE FUNCTION practice_auditchainhead_guard();""",
    "DROP TRIGGER IF EXISTS practice_auditchainhead_no_truncate ON practice_auditchainhead;",
    """CREATE TRIGGER practice_auditchainhead_no_truncate
       BEFORE TRUNCATE ON practice_auditchainhead
       FOR EACH STATEMENT EXECUTE FUNCTION practice_auditchainhead_guard();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS practice_auditevent_append_only ON practice_auditevent;",
    "DROP TRIGGER IF EXISTS practice_auditevent_no_truncate ON practice_auditevent;",
    "DROP TRIGGER IF EXISTS practice_auditchainhead_forward_only ON practice_auditchainhead;",
    "DROP TRIGGER IF EXISTS practice_auditchainhead_no_truncate ON practice_auditchainhead;",
    "DROP FUNCTION IF EXISTS practice_auditevent_refuse();",
    "DROP FUNCTION IF EXISTS practice_auditchainhead_guard();",
]


def create(cursor, vendor: str) -> None:
    for statement in {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, []):
        cursor.execute(statement)


def drop(cursor, vendor: str) -> None:
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        cursor.execute(statement)


# -- the queue of entries waiting to be linked (migration 0007) ----------------------------
# An entry may change only by being marked rejected, and may leave the queue only once an
# event on the chain names it; TRUNCATE is refused on PostgreSQL.

_ENTRY_COLUMNS = (
    "id",
    "token",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "target_ref",
    "source",
    "details",
    "mac",
)
_CHANGED = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in _ENTRY_COLUMNS)
QUEUE_SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS practice_auditentry_only_rejected
       BEFORE UPDATE ON practice_auditentry
       WHEN OLD.rejected OR NOT NEW.rejected OR {_CHANGED}
       BEGIN SELECT RAISE(ABORT, 'audit entries change only by being rejected'); END;""",
    """CREATE TRIGGER IF NOT EXISTS practice_auditentry_leaves_when_linked
       BEFORE DELETE ON practice_auditentry
       WHEN NOT EXISTS (SELECT 1 FROM practice_auditevent WHERE entry = OLD.token)
       BEGIN SELECT RAISE(ABORT, 'an audit entry leaves the queue only once it is on the chain');
       END;""",
]
QUEUE_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS practice_auditentry_only_rejected;",
    "DROP TRIGGER IF EXISTS practice_auditentry_leaves_when_linked;",
]
_ROW = ", ".join("{0}." + column for column in _ENTRY_COLUMNS)
QUEUE_POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION practice_auditentry_guard() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           IF NOT OLD.rejected AND NEW.rejected
              AND ({_ROW.format("NEW")}) IS NOT DISTINCT FROM ({_ROW.format("OLD")}) THEN
             RETURN NEW;
           END IF;
           RAISE EXCEPTION 'audit entries change only by being rejected';
         ELSIF TG_OP = 'DELETE' THEN
           IF EXISTS (SELECT 1 FROM practice_auditevent WHERE entry = OLD.token) THEN
             RETURN OLD;
           END IF;
           RAISE EXCEPTION 'an audit entry leaves the queue only once it is on the chain';
         END IF;
         RAISE EXCEPTION 'the audit entry queue is not truncated';
       END;
       $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS practice_auditentry_guard ON practice_auditentry;",
    """CREATE TRIGGER practice_auditentry_guard
       BEFORE UPDATE OR DELETE ON practice_auditentry
       FOR EACH ROW EXECUTE FUNCTION practice_auditentry_guard();""",
    "DROP TRIGGER IF EXISTS practice_auditentry_no_truncate ON practice_auditentry;",
    """CREATE TRIGGER practice_auditentry_no_truncate
       BEFORE TRUNCATE ON practice_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION practice_auditentry_guard();""",
]
QUEUE_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS practice_auditentry_guard ON practice_auditentry;",
    "DROP TRIGGER IF EXISTS practice_auditentry_no_truncate ON practice_auditentry;",
    "DROP FUNCTION IF EXISTS practice_auditentry_guard();",
]


def create_queue(cursor, vendor: str) -> None:
    queue = {"sqlite": QUEUE_SQLITE_CREATE, "postgresql": QUEUE_POSTGRES_CREATE}
    for statement in queue.get(vendor, []):
        cursor.execute(statement)


def drop_queue(cursor, vendor: str) -> None:
    queue = {"sqlite": QUEUE_SQLITE_DROP, "postgresql": QUEUE_POSTGRES_DROP}
    for statement in queue.get(vendor, []):
        cursor.execute(statement)
