"""Demo subject access requests for `make run`: one open, one released, so both are seen."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from clients.models import Client
from practice.demo import DemoPractice
from practice.health_professionals import Profession
from subject_access import jobs, release, services
from subject_access.models import (
    Channel,
    HealthBasis,
    HealthOpinion,
    IdentityMethod,
    Requester,
    SubjectAccessRequest,
)
from subject_access.services.health_basis import sar_health_basis_record


def seed_subject_access(demo: DemoPractice) -> None:
    admin, therapist = demo.staff["admin"], demo.staff["therapist"]
    clients = list(Client.objects.filter(therapist_id=therapist.pk).order_by("pk")[:2])
    if len(clients) < 2:
        return
    today = timezone.localdate()
    services.sar_log(
        actor=admin,
        client=clients[0],
        received_on=today - timedelta(days=6),
        channel=Channel.EMAIL,
        requester=Requester.CLIENT,
        identity_method=IdentityMethod.KNOWN,
    )
    answered = services.sar_log(
        actor=admin,
        client=clients[1],
        received_on=today - timedelta(days=20),
        channel=Channel.POST,
        requester=Requester.CLIENT,
        identity_method=IdentityMethod.PHOTO_ID,
        identity_received_on=today - timedelta(days=18),
        identity_confirmed_on=today - timedelta(days=17),
    )
    jobs.sar_compile_start(actor=admin, sar=answered)
    jobs.compile_run(str(answered.ref))  # inline: the worker is not running yet
    answered = SubjectAccessRequest.objects.get(pk=answered.pk)
    release.sar_review_complete(actor=therapist, sar=answered)
    # The reviewer is a counsellor, not a health professional: the client's GP looked at the
    # draft first (DPA 2018 Sch. 3 Part 2 para 6).
    sar_health_basis_record(
        actor=admin,
        sar=answered,
        basis=HealthBasis.OPINION,
        professional_name="Dr Priya Demo (the client's GP)",
        profession=Profession.DOCTOR,
        register="GMC",
        register_number="7000001",
        opinion_on=today - timedelta(days=3),
        opinion=HealthOpinion.NOT_MET,
        conclusion="Nothing in the draft is likely to harm the client's health.",
    )
    release.sar_release(actor=admin, sar=answered, method=Channel.POST)
