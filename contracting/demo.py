"""Demo contracting for `make run`: the shipped documents, and agreements in several states."""

from __future__ import annotations

from django.utils import timezone

from clients.models import Client
from contracting import services
from contracting.models import Signer, Variant
from practice.demo import DemoPractice


def seed_contracting(demo: DemoPractice) -> None:
    services.templates_ensure_defaults()
    therapist = demo.staff["therapist"]
    people = {c.given_name: c for c in Client.objects.filter(therapist_id=therapist.pk)}
    if "Ada" in people:  # signed on paper in the first session
        agreement = services.agreement_generate(
            actor=therapist, client=people["Ada"], variant=Variant.ADULT
        )
        services.agreement_acknowledge_paper(
            actor=therapist,
            agreement=agreement,
            acknowledged_on=timezone.localdate(),
            signed_by=Signer.CLIENT,
            discussed=True,
            privacy_notice_provided=True,
            supervision_explained=True,
            consent_to_records=True,
        )
    if "Ben" in people:  # a signing link sent, not yet used
        agreement = services.agreement_generate(
            actor=therapist, client=people["Ben"], variant=Variant.ADULT
        )
        services.agreement_send(actor=therapist, agreement=agreement)
