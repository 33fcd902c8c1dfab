from django.apps import AppConfig


class WillsConfig(AppConfig):
    """The professional will (issue 25): a named executor reaches a therapist's clients, by
    two people's decision, for a limited time, and never their notes."""

    name = "wills"
    verbose_name = "Professional wills"

    def ready(self) -> None:
        from practice import access_grants, datamap
        from wills import permissions, readings
        from wills.models import ChecklistStep, WillLetter

        access_grants.register_successor_check(permissions.successor_refusal)
        datamap.register(
            ChecklistStep,
            reaches_client_by="record_ref",
            category="professional will",
            withheld_with=None,
            export=readings.step_export,
            reads=readings.STEP,
        )
        datamap.register(
            WillLetter,
            reaches_client_by="record_ref",
            category="professional will",
            withheld_with=None,
            export=readings.letter_export,
            reads=readings.LETTER,
        )
