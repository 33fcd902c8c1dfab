from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from practice import checks, datamap, signals  # noqa: F401
        from practice.audit.labels import label_for
        from practice.models import AuditEvent
        from practice.readings import ACCESS_EVENT, roles_in_words

        # Every app's declared audit actions, so the registry is whole before any request:
        # `record()` refuses an undeclared action and the audit page lists them all.
        autodiscover_modules("audit_actions")

        def export_access_event(event: AuditEvent) -> dict:
            """Who did what to the record and when; never the details (references only).
            A person by their name and role, never their username."""
            return {
                "when": event.created_at.isoformat(timespec="seconds"),
                "who": event.actor.display_name if event.actor else "The practice's system",
                "role": roles_in_words(event.actor),
                "what": label_for(event.action),
                "area": event.action.partition(".")[0],
                "sequence": event.seq,
            }

        # The record's access history: every audit event whose target is the record.
        datamap.register(
            AuditEvent,
            reaches_client_by="target_ref",
            category="access history",
            # Events that name a disclosure request carry its reference under "request".
            withheld_with="details__request",
            export=export_access_event,
            kept_on_disposal=True,
            reads=ACCESS_EVENT,
            prefetch=("actor__groups",),
        )
