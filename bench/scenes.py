"""The requests the review pages show, made once in the benchmark's database through the
same services people use (the tests' builders), and found again on later runs.

- a disclosure request the lead therapist has submitted, waiting for their supervisor;
- a subject access request for one of the lead therapist's clients, compiled, with the
  therapist as its reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass

from clients.models import Client
from disclosures.models import DisclosureRequest
from practice.models import User
from records.models import CaseFile
from subject_access.models import SubjectAccessRequest


@dataclass(frozen=True)
class Scenes:
    disclosure_ref: str
    sar_ref: str


def _second_client(therapist: User) -> Client:
    case_files = CaseFile.objects.filter(therapist=therapist).order_by("pk")[:2]
    return Client.objects.get(record_ref=case_files[len(case_files) - 1].record_ref)


def _disclosure(therapist: User, supervisor: User, client: Client) -> str:
    from tests.disclosures.builders import at_state

    found = (
        DisclosureRequest.objects.filter(therapist=therapist, status="submitted")
        .order_by("pk")
        .first()
    )
    if found is None:
        found = at_state("submitted", therapist, supervisor, client)
    return str(found.ref)


def _subject_access(admin: User, client: Client) -> str:
    from tests.subject_access.builders import compiled

    found = (
        SubjectAccessRequest.objects.filter(record_ref=client.record_ref)
        .exclude(compiled_at=None)
        .order_by("pk")
        .first()
    )
    if found is None:
        found = compiled(admin, client)
    return str(found.ref)


def ensure(*, therapist: User, supervisor: User, admin: User, busy_client: Client) -> Scenes:
    """The two requests, made on the first run (a few seconds) and reused after. Each
    service holds its own (durable) transaction."""
    disclosure = _disclosure(therapist, supervisor, busy_client)
    sar = _subject_access(admin, _second_client(therapist))
    return Scenes(disclosure_ref=disclosure, sar_ref=sar)
