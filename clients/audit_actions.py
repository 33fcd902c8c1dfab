"""The audit actions of clients and caseloads, with their plain-English labels."""

from practice.audit.actions import Vocabulary


class Action(Vocabulary):
    CLIENT_CREATED = "clients.created", "Client added"
    CLIENT_UPDATED = "clients.updated", "Client details changed"
    THERAPY_ENDED = "clients.therapy_ended", "Therapy ended"
    PARENT_ADDED = (
        "clients.parental_responsibility_added",
        "Person with parental responsibility added",
    )
    PARENT_REMOVED = (
        "clients.parental_responsibility_removed",
        "Person with parental responsibility removed",
    )
    CASELOAD_TRANSFERRED = "clients.caseload_transferred", "Caseload moved to another therapist"
