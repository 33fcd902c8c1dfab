from django.apps import AppConfig


class RightsConfig(AppConfig):
    """The data-protection desk: complaints (DPA 2018 s.164A), the breach register (UK GDPR
    Arts. 33-34), rectification requests (Art. 16), objections (Art. 21), restrictions
    (Art. 18) and the evidence pack."""

    name = "rights"
    verbose_name = "Data-protection desk"

    def ready(self) -> None:
        from django.conf import settings
        from django.urls import reverse

        from contracting import rendering
        from practice import admin_panels, datamap
        from records import key_holders
        from rights import breach_selectors, readings
        from rights.models import (
            Breach,
            BreachRecord,
            Complaint,
            ComplaintLetter,
            ComplaintLetterSending,
            ComplaintNote,
            ErasureLetter,
            ErasureRequest,
            ObjectionLetter,
            ObjectionRequest,
            RectificationLetter,
            RectificationRequest,
            RestrictionLetter,
            RestrictionRequest,
        )

        # A complaint reaches a client only once an admin links it to their case file;
        # until then (and for anyone who is not a client) `record_ref` is blank.
        rendering.register_complaint_form(
            lambda: f"{settings.SITE_URL}{reverse('complaint_form')}" if settings.SITE_URL else ""
        )
        # Each complaint keeps a data key of its own: key rotation re-wraps it too.
        key_holders.register(Complaint, owner=lambda complaint: complaint.reference)
        key_holders.register(Breach, owner=lambda breach: breach.reference)
        # The dashboard's breach card shows each open breach's 72-hour clock.
        admin_panels.register("breaches", breach_selectors.open_breaches)
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
        datamap.register(
            ComplaintLetterSending,
            reaches_client_by="letter__complaint__record_ref",
            category="complaints",
            withheld_with=None,
            export=readings.sending_export,
            reads=readings.SENDING,
            prefetch=("letter__complaint",),
        )
        # A breach reaches each client it touched through its link to their case file, and
        # shows them only the words chosen for a client (the register's own row is the
        # practice's record of the incident, reached through these links alone).
        datamap.register(
            BreachRecord,
            reaches_client_by="record_ref",
            category="personal-data breaches",
            withheld_with=None,
            export=readings.breach_record_export,
            reads=readings.BREACH,
            prefetch=("breach",),
        )
        # A rectification request is the client's own, encrypted with their case file's key.
        datamap.register(
            RectificationRequest,
            reaches_client_by="record_ref",
            category="rights requests",
            withheld_with=None,
            export=readings.rectification_export,
            reads=readings.RECTIFICATION,
        )
        datamap.register(
            RectificationLetter,
            reaches_client_by="rectification__record_ref",
            category="rights requests",
            withheld_with=None,
            export=readings.rectification_letter_export,
            reads=readings.RECTIFICATION_LETTER,
            prefetch=("rectification",),
        )
        datamap.register(
            ObjectionRequest,
            reaches_client_by="record_ref",
            category="rights requests",
            withheld_with=None,
            export=readings.objection_export,
            reads=readings.OBJECTION,
        )
        datamap.register(
            ObjectionLetter,
            reaches_client_by="objection__record_ref",
            category="rights requests",
            withheld_with=None,
            export=readings.objection_letter_export,
            reads=readings.OBJECTION_LETTER,
            prefetch=("objection",),
        )
        # An erasure request outlives the disposal it leads to, as the evidence that the
        # right was answered (UK GDPR Art. 5(2)): carrying it out empties its encrypted
        # words and its letters' PDFs, leaving references, dates and the decision only.
        datamap.register(
            ErasureRequest,
            reaches_client_by="record_ref",
            category="rights requests",
            withheld_with=None,
            export=readings.erasure_export,
            reads=readings.ERASURE,
            kept_on_disposal=True,
        )
        datamap.register(
            ErasureLetter,
            reaches_client_by="erasure__record_ref",
            category="rights requests",
            withheld_with=None,
            export=readings.erasure_letter_export,
            reads=readings.ERASURE_LETTER,
            prefetch=("erasure",),
            kept_on_disposal=True,
        )
        # Only a granted erasure request lets an erasure dispose of a case file.
        from records import disposal
        from rights.services.erasure import granted_erasure_permit

        disposal.register_reason_permit(disposal.Reason.ERASURE_GRANTED, granted_erasure_permit)
        datamap.register(
            RestrictionRequest,
            reaches_client_by="record_ref",
            category="rights requests",
            withheld_with=None,
            export=readings.restriction_export,
            reads=readings.RESTRICTION,
        )
        datamap.register(
            RestrictionLetter,
            reaches_client_by="restriction__record_ref",
            category="rights requests",
            withheld_with=None,
            export=readings.restriction_letter_export,
            reads=readings.RESTRICTION_LETTER,
            prefetch=("restriction",),
        )
