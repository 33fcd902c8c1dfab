"""How subject access rows read to a client in their answer (practice.readings)."""

from practice.readings import Field, reading

REQUEST = reading(
    "Your request {reference}",
    {
        "reference": "Reference",
        "received_on": Field("Received", "date"),
        "channel": "How it reached us",
        "requested_by": "Asked by",
        "status": "State",
    },
)

CLOCK_EVENT = reading(
    "{what}",
    {"on": Field("On", "date"), "what": "What happened"},
)

REDACTION = reading(
    "A passage withheld",
    {"withheld_on": Field("Withheld on", "date"), "reason": "Why"},
)

HELD_BACK_DECISION = reading(
    "A review decision",
    {"decided_on": Field("Decided on", "date"), "decision": "Decision"},
)

LETTER = reading(
    "A letter we sent you: {letter}",
    {"dated": Field("Dated", "date"), "letter": "Letter"},
)

HEALTH_BASIS = reading(
    "The basis for releasing your health information",
    {
        "recorded_on": Field("Recorded on", "date"),
        "basis": "The basis",
        "given_by": "Opinion given by",
        "opinion_on": Field("Opinion given on", "date"),
        "concluded": "They concluded",
        "evidence": "What shows you had seen it",
    },
)


def health_basis_export(basis) -> dict:
    """A health-data basis as the person reads it in their answer (never the conclusion's
    own words, which may describe what was withheld)."""
    from practice.health_professionals import describe

    row = {
        "recorded_on": basis.recorded_at.date().isoformat(),
        "basis": basis.get_basis_display(),
    }
    if basis.basis == "opinion":
        row["given_by"] = ", ".join(
            [
                basis.get_professional_name(),
                describe(basis.profession, basis.register, basis.register_number),
            ]
        )
        row["opinion_on"] = basis.opinion_on.isoformat()
        row["concluded"] = basis.get_opinion_display()
    else:
        row["evidence"] = basis.get_evidence()
    return row
