from django.apps import AppConfig

LABELS = {
    "sar.logged": "Subject access request logged",
    "sar.identity_verified": "Subject access: requester's identity checked",
    "sar.clarification_requested": "Subject access: clarification asked for (clock paused)",
    "sar.clarification_received": "Subject access: clarification received (clock restarted)",
    "sar.extended": "Subject access: deadline extended",
    "sar.reviewer_assigned": "Subject access: reviewer assigned",
    "sar.compile_started": "Subject access: compile started",
    "sar.compiled": "Subject access: draft compiled",
    "sar.compile_failed": "Subject access: compile failed",
    "sar.draft_read": "Subject access: draft read for review",
    "sar.redacted": "Subject access: passage withheld from the answer",
    "sar.held_back_decided": "Subject access: decision recorded on an item held back for review",
    "sar.reviewed": "Subject access: review completed",
    "sar.released": "Subject access: answer released",
    "sar.refused": "Subject access: request refused",
    "sar.downloaded": "Subject access: archive downloaded",
}


class SubjectAccessConfig(AppConfig):
    name = "subject_access"
    verbose_name = "Subject access"

    def ready(self) -> None:
        from practice import audit_labels, datamap, demo
        from records import holds
        from subject_access import selectors
        from subject_access.demo import seed_subject_access
        from subject_access.models import HeldBackDecision, Redaction, SubjectAccessRequest

        audit_labels.register_labels(LABELS)
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
        )
        demo.register_seeder(seed_subject_access, order=60)
