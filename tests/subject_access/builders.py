"""Builders for subject access tests: a logged request, a compiled draft, queued tasks run."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from records import services as record_services
from subject_access import jobs, services
from subject_access.models import SubjectAccessRequest
from tests.conftest import case_file_of
from tests.contracting.builders import complete_practice_profile


def log_request(admin, client, **overrides) -> SubjectAccessRequest:
    values = {
        "received_on": timezone.localdate() - timedelta(days=2),
        "channel": "email",
        "requester": "client",
        "identity_method": "known",
        **overrides,
    }
    return services.sar_log(actor=admin, client=client, **values)


def add_notes(therapist, client, *texts: str) -> None:
    case_file = case_file_of(client)
    session = record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=date(2026, 3, 2),
        start_time=time(10),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    for text in texts:
        note = record_services.note_create(
            actor=therapist, case_file=case_file, session=session, body=text
        )
        record_services.note_sign(actor=therapist, note=note, expected_version=note.version)


def compiled(admin, client, **overrides) -> SubjectAccessRequest:
    """A request whose draft is compiled (the task body run inline) and with the reviewer."""
    complete_practice_profile()
    sar = log_request(admin, client, **overrides)
    jobs.sar_compile_start(actor=admin, sar=sar)
    jobs.compile_run(str(sar.ref))
    return SubjectAccessRequest.objects.get(pk=sar.pk)


def run_queued_tasks() -> int:
    """What `manage.py db_worker --batch` does, in this process and this test's transaction:
    claim each queued task and run it with the worker's own code."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


# A third-party test that justifies withholding (DPA 2018 Sch. 2 Part 3 para 16).
THIRD_PARTY_TEST = {
    "consent": "not_sought",
    "consent_not_sought_why": "Asking would tell them the client spoke of them.",
    "confidence_owed": True,
    "why_reasonable": "They told the client in confidence, about their own health.",
}
THIRD_PARTY_FORM = {
    "third_party_consent": "not_sought",
    "consent_not_sought_why": THIRD_PARTY_TEST["consent_not_sought_why"],
    "confidence_owed": "yes",
    "why_reasonable": THIRD_PARTY_TEST["why_reasonable"],
}


def third_party_test(**overrides):
    from subject_access.third_parties import ThirdPartyTest

    return ThirdPartyTest(**{**THIRD_PARTY_TEST, **overrides})


def health_opinion(admin, sar, *, opinion="not_met", days_ago=3, **overrides):
    """The appropriate health professional's opinion, recorded so the health-data gate lets
    the answer out (DPA 2018 Sch. 3 Part 2 para 6) or lets it be withheld (para 5)."""
    from subject_access.services.health_basis import sar_health_basis_record

    values = {
        "basis": "opinion",
        "professional_name": "Dr Ada Example",
        "profession": "doctor",
        "register": "GMC",
        "register_number": "7654321",
        "opinion_on": timezone.localdate() - timedelta(days=days_ago),
        "opinion": opinion,
        "conclusion": "Seen the draft; nothing in it is likely to cause serious harm.",
        **overrides,
    }
    return sar_health_basis_record(actor=admin, sar=sar, **values)


def released_request(admin, therapist, client) -> SubjectAccessRequest:
    """A released request: the archive exists, so the download page can answer 200."""
    from subject_access import release

    sar = compiled(admin, client)
    release.sar_review_complete(actor=therapist, sar=sar)
    health_opinion(admin, sar)
    return release.sar_release(actor=admin, sar=sar, method="email")


REASONS = "We have answered the same request three times this year."


def second_admin():
    """Another admin, to approve what the first proposed (a refusal needs two people)."""
    from practice.models import Role, User
    from tests.conftest import make_staff

    existing = User.objects.filter(username="admin2").first()
    return existing or make_staff("admin2", Role.ADMIN, first_name="Robin")


def refused(admin, sar, *, exemption="unfounded", reasons=REASONS) -> SubjectAccessRequest:
    """Refused by two people: `admin` proposes, a second admin approves."""
    sar = services.sar_propose_refusal(
        actor=admin,
        sar=sar,
        exemption=exemption,
        reasons=reasons,
        evidence="Three identical requests, answered in full on 2 March, 4 May and 1 July.",
    )
    return services.sar_approve_refusal(actor=second_admin(), sar=sar)
