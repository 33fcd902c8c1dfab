from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Records"

    def ready(self) -> None:
        from practice import datamap
        from records import holds, readings, restriction, retention
        from records.models import Addendum, CaseFile, LegalHold, Note, Session

        holds.register_source(retention.age_unknown_holds, holding=retention.age_unknown)
        holds.register_source(restriction.restriction_holds, holding=restriction.restricted)

        plain_case_file = datamap.default_exporter(
            exclude=("wrapped_key", "created_at", "adult_rule_confirmed_by", "restricted_by")
        )

        def export_case_file(case_file: CaseFile) -> dict:
            """The case file as its client reads it; the restriction of processing (Art. 18)
            only when the client asked for one and it is in force, never as empty fields."""
            values = plain_case_file(case_file)
            if case_file.restricted_since is None:
                values.pop("restricted_since", None)
                values.pop("restriction_ground", None)
            return values

        datamap.register(
            CaseFile,
            reaches_client_by="record_ref",
            category="case file",
            withheld_with=None,
            export=export_case_file,
            reads=readings.CASE_FILE,
        )
        datamap.register(
            Session,
            reaches_client_by="case_file",
            category="sessions",
            withheld_with=None,
            exclude=("created_at", "updated_at"),
            reads=readings.SESSION,
        )
        plain_note = datamap.default_exporter(exclude=("case_file", "updated_at"))

        def export_note(note: Note) -> dict:
            """A note as the client reads it: the session by its date, not a reference."""
            values = plain_note(note)
            values["session"] = note.session.date.isoformat() if note.session else None
            return values

        datamap.register(
            Note,
            reaches_client_by="case_file",
            category="session notes",
            withheld_with=None,
            export=export_note,
            reads=readings.NOTE,
        )
        datamap.register(
            Addendum,
            reaches_client_by="note__case_file",
            category="session notes",
            withheld_with=None,
            reads=readings.ADDENDUM,
        )
        datamap.register(
            LegalHold,
            reaches_client_by="case_file",
            category="legal holds",
            withheld_with=None,
            reads=readings.LEGAL_HOLD,
        )
