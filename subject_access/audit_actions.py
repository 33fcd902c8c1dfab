"""The audit actions of subject access requests, with their plain-English labels."""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    LOGGED = "sar.logged", "Subject access request logged"
    IDENTITY_VERIFIED = "sar.identity_verified", "Subject access: requester's identity checked"
    AUTHORITY_CONFIRMED = (
        "sar.authority_confirmed",
        "Subject access: evidence of the authority to act for the client checked",
    )
    CLOCK_STARTED = "sar.clock_started", "Subject access: all evidence in, the clock started"
    CLARIFICATION_REQUESTED = (
        "sar.clarification_requested",
        "Subject access: clarification asked for (clock paused)",
    )
    CLARIFICATION_RECEIVED = (
        "sar.clarification_received",
        "Subject access: clarification received (clock running again)",
    )
    EXTENDED = "sar.extended", "Subject access: deadline extended"
    FEE_ASKED = (
        "sar.fee_asked",
        "Subject access: a fee asked for a manifestly unfounded or excessive request",
    )
    FEE_RECEIVED = "sar.fee_received", "Subject access: fee received (the month begins)"
    YOUNG_PERSON_VIEW = (
        "sar.young_person_view",
        "Subject access: the young person's ability to decide and their view recorded",
    )
    YOUNG_PERSON_ANSWERED = (
        "sar.young_person_answered",
        "Subject access: to be answered to the young person, not the parent who asked",
    )
    HEALTH_BASIS_RECORDED = (
        "sar.health_basis_recorded",
        "Subject access: basis for releasing health data recorded (DPA 2018 Sch. 3 Part 2)",
    )
    REVIEWER_ASSIGNED = "sar.reviewer_assigned", "Subject access: reviewer assigned"
    COMPILE_STARTED = "sar.compile_started", "Subject access: compile started"
    COMPILED = "sar.compiled", "Subject access: draft compiled"
    COMPILE_FAILED = "sar.compile_failed", "Subject access: compile failed"
    DRAFT_READ = "sar.draft_read", "Subject access: draft read for review"
    REDACTED = "sar.redacted", "Subject access: passage withheld from the answer"
    HELD_BACK_DECIDED = (
        "sar.held_back_decided",
        "Subject access: decision recorded on an item held back for review",
    )
    PART_CHECKED = "sar.part_checked", "Subject access: a part of the draft checked by its reviewer"
    REVIEWED = "sar.reviewed", "Subject access: review completed"
    RELEASED = "sar.released", "Subject access: answer released"
    REFUSAL_PROPOSED = (
        "sar.refusal_proposed",
        "Subject access: refusal proposed, waiting for a second person's approval",
    )
    REFUSAL_WITHDRAWN = "sar.refusal_withdrawn", "Subject access: proposed refusal withdrawn"
    REFUSED = "sar.refused", "Subject access: request refused (approved by a second person)"
    LETTER_KEPT = "sar.letter_kept", "Subject access: letter to the person made and kept"
    LETTER_READ = "sar.letter_read", "Subject access: kept letter opened"
    DOWNLOADED = "sar.downloaded", "Subject access: archive downloaded"
