from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Records"

    def ready(self) -> None:
        from practice import datamap
        from records.models import Addendum, CaseFile, Note, Session

        datamap.register(
            CaseFile,
            reaches_client_by="record_ref",
            category="case file",
            exclude=("wrapped_key", "created_at"),
        )
        datamap.register(
            Session,
            reaches_client_by="case_file",
            category="sessions",
            exclude=("created_at", "updated_at"),
        )
        datamap.register(Note, reaches_client_by="case_file", category="session notes")
        datamap.register(Addendum, reaches_client_by="note__case_file", category="session notes")
