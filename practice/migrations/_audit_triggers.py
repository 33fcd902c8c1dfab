"""SQL for the triggers that make the audit table append-only (used by migration 0002)."""

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS practice_auditevent_no_update
       BEFORE UPDATE ON practice_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS practice_auditevent_no_delete
       BEFORE DELETE ON practice_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS practice_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS practice_auditevent_no_delete;",
]
POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION practice_auditevent_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END;
       $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS practice_auditevent_append_only ON practice_auditevent;",
    """CREATE TRIGGER practice_auditevent_append_only
       BEFORE UPDATE OR DELETE ON practice_auditevent
       FOR EACH ROW EXECUTE FUNCTION practice_auditevent_refuse();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS practice_auditevent_append_only ON practice_auditevent;",
    "DROP FUNCTION IF EXISTS practice_auditevent_refuse();",
]


def create(cursor, vendor: str) -> None:
    for statement in {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, []):
        cursor.execute(statement)


def drop(cursor, vendor: str) -> None:
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        cursor.execute(statement)
