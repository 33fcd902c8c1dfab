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
