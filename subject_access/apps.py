from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "subject_access"
    verbose_name = "Subject access"

    def ready(self) -> None:
        from practice import datamap, demo
        from records import holds
        from subject_access import readings, selectors
        from subject_access.demo import seed_subject_access
        from subject_access.models import (
            ClockEvent,
            HealthDataBasis,
            HeldBackDecision,
            Redaction,
            SarLetter,
            SubjectAccessRequest,
        )

        holds.register_source(selectors.open_request_holds, holding=selectors.open_request_holding)
        datamap.register(
            SubjectAccessRequest,
            reaches_client_by="record_ref",
            category="subject access requests",
            withheld_with=None,
            stored_files=lambda sar: [sar.draft_name, sar.archive_name],
            export=lambda sar: {
                "reference": sar.reference,
                "received_on": sar.received_on.isoformat(),
                "channel": sar.get_channel_display(),
                "requested_by": sar.get_requester_display(),
                "status": sar.get_status_display(),
            },
            reads=readings.REQUEST,
        )
        # The clock's dated facts are the person's too (when they asked, when we paused).
        datamap.register(
            ClockEvent,
            reaches_client_by="request__record_ref",
            category="subject access requests",
            withheld_with=None,
            export=lambda event: {
                "on": event.on.isoformat(),
                "what": event.get_kind_display(),
            },
            reads=readings.CLOCK_EVENT,
        )
        # The withheld words themselves never go to the person: only that something was
        # withheld, and why.
        datamap.register(
            Redaction,
            reaches_client_by="request__record_ref",
            category="subject access requests",
            withheld_with=None,
            export=lambda redaction: {
                "withheld_on": redaction.created_at.date().isoformat(),
                "reason": redaction.get_reason_display(),
            },
            reads=readings.REDACTION,
        )
        # A decision on a held-back disclosure request belongs to that request: while it is
        # hidden from the client, so is the decision.
        datamap.register(
            HeldBackDecision,
            reaches_client_by="request__record_ref",
            category="subject access requests",
            withheld_with="unit_ref",
            export=lambda decision: {
                "decided_on": decision.decided_at.date().isoformat(),
                "decision": "Included in the answer after review",
            },
            reads=readings.HELD_BACK_DECISION,
        )
        # The basis on which the health data was released or withheld (DPA 2018 Sch. 3
        # Part 2): who gave the opinion, when, and what they concluded, never their words
        # (which may describe what was withheld).
        datamap.register(
            HealthDataBasis,
            reaches_client_by="request__record_ref",
            category="subject access requests",
            withheld_with=None,
            export=readings.health_basis_export,
            reads=readings.HEALTH_BASIS,
        )
        # The letters sent to the person about a request: listed in a later answer, and the
        # PDFs themselves go into the answer archive of the request they belong to.
        datamap.register(
            SarLetter,
            reaches_client_by="request__record_ref",
            category="subject access requests",
            withheld_with=None,
            export=lambda letter: {
                "dated": letter.dated.isoformat(),
                "letter": letter.get_kind_display(),
            },
            reads=readings.LETTER,
        )
        demo.register_seeder(seed_subject_access, order=60)
