from django.apps import AppConfig


class WillsConfig(AppConfig):
    """The professional will (issue 25): a named executor reaches a therapist's clients, by
    two people's decision, for a limited time, and never their notes."""

    name = "wills"
    verbose_name = "Professional wills"

    def ready(self) -> None:
        from practice import datamap
        from wills import readings
        from wills.models import ChecklistStep, WillLetter

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
