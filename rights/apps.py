from django.apps import AppConfig


class RightsConfig(AppConfig):
    """The data-protection desk: complaints (DPA 2018 s.164A) today; the other rights
    requests, the breach register and the evidence pack belong here too."""

    name = "rights"
    verbose_name = "Data-protection desk"

    def ready(self) -> None:
        from django.conf import settings
        from django.urls import reverse

        from contracting import rendering
        from practice import datamap
        from records import key_holders
        from rights import readings
        from rights.models import Complaint, ComplaintLetter, ComplaintNote

        # A complaint reaches a client only once an admin links it to their case file;
        # until then (and for anyone who is not a client) `record_ref` is blank.
        rendering.register_complaint_form(
            lambda: f"{settings.SITE_URL}{reverse('complaint_form')}" if settings.SITE_URL else ""
        )
        # Each complaint keeps a data key of its own: key rotation re-wraps it too.
        key_holders.register(Complaint, owner=lambda complaint: complaint.reference)
        datamap.register(
            Complaint,
            reaches_client_by="record_ref",
            category="complaints",
            withheld_with=None,
            export=readings.complaint_export,
            reads=readings.COMPLAINT,
        )
        datamap.register(
            ComplaintNote,
            reaches_client_by="complaint__record_ref",
            category="complaints",
            withheld_with=None,
            export=readings.note_export,
            reads=readings.NOTE,
            prefetch=("complaint",),
        )
        datamap.register(
            ComplaintLetter,
            reaches_client_by="complaint__record_ref",
            category="complaints",
            withheld_with=None,
            export=readings.letter_export,
            reads=readings.LETTER,
            prefetch=("complaint",),
        )
