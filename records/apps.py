from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Records"

    def ready(self) -> None:
        from practice import datamap
        from practice.audit_labels import register_labels
        from records.labels import LABELS
        from records.models import Addendum, CaseFile, LegalHold, Note, Session

        datamap.register(CaseFile, reaches_client_by="record_ref", category="case file")
        datamap.register(Session, reaches_client_by="case_file", category="sessions")
        datamap.register(Note, reaches_client_by="case_file", category="session notes")
        datamap.register(Addendum, reaches_client_by="note__case_file", category="session notes")
        datamap.register(LegalHold, reaches_client_by="case_file", category="legal holds")
        register_labels(LABELS)
