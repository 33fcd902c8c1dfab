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
