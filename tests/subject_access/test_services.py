"""The rules of a request: who may act, the clock, extensions, refusals; each refusal says
why and changes nothing."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice.actors import system_actor
from practice.models import AuditEvent, PracticeProfile
from practice.transitions import TransitionRefused
from records import holds
from records.models import CaseFile
from subject_access import jobs, release, services
from subject_access.models import Exemption, Status, SubjectAccessRequest
from subject_access.workflow import SAR_MACHINE
from tests.conftest import make_client
from tests.subject_access.builders import (
    compiled,
    log_request,
    refused,
    second_admin,
    third_party_test,
)

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(timezone.datetime(2026, 3, 10, 11, 0, tzinfo=UTC)):
        yield


@pytest.fixture
def client_(therapist):
    return make_client(therapist)


def _unchanged(sar):
    before = SubjectAccessRequest.objects.filter(pk=sar.pk).values().get()
    return lambda: SubjectAccessRequest.objects.filter(pk=sar.pk).values().get() == before


def test_logging_starts_the_clock_from_receipt_when_identity_is_known(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 3))
    assert sar.status == Status.OPEN
    assert sar.due_on == date(2026, 4, 7)  # 3 April 2026 is Good Friday, 6 Easter Monday
    event = AuditEvent.objects.get(action="sar.logged")
    assert event.target_ref == client_.record_ref and event.details["request"] == sar.reference


def test_the_clock_starts_when_the_identity_information_arrives(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 2), identity_method="")
    assert sar.status == Status.AWAITING_IDENTITY and sar.due_on is None
    sar = services.sar_verify_identity(
        actor=admin_user,
        sar=sar,
        method="photo_id",
        received_on=date(2026, 3, 9),
        confirmed_on=date(2026, 3, 10),
    )
    assert sar.status == Status.OPEN and sar.due_on == date(2026, 4, 9)  # from arrival


REASON = "Ten years of notes and e-mails are held; the request does not say which."


def _pause(admin, sar, asked, reason=REASON):
    return services.sar_request_clarification(
        actor=admin, sar=sar, requested_on=asked, why_needed=reason
    )


def test_a_clarification_pauses_the_clock_and_the_days_used_stay_used(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 2))
    sar = _pause(admin_user, sar, date(2026, 3, 3))
    assert sar.status == Status.AWAITING_CLARIFICATION and sar.due_on is None
    sar = services.sar_receive_clarification(
        actor=admin_user, sar=sar, received_on=date(2026, 3, 9)
    )
    # 3 to 9 March do not count: 2 April + 7 days (the old restart gave 9 April by chance)
    assert sar.status == Status.OPEN and sar.due_on == date(2026, 4, 9)
    assert sar.clock().paused_days == 7
    event = sar.event_on("clarification_asked")
    assert event.get_reason() == REASON
    details = AuditEvent.objects.get(action="sar.clarification_requested").details
    assert "notes" not in str(details)  # the reason is free text: never in the trail


def test_the_extension_notice_date_moves_with_the_pause(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 1, 5))  # due 5 Feb
    assert sar.extension_notice_by == date(2026, 2, 5)
    sar = _pause(admin_user, sar, date(2026, 1, 26))
    sar = services.sar_receive_clarification(
        actor=admin_user, sar=sar, received_on=date(2026, 2, 9)
    )
    assert sar.extension_notice_by == date(2026, 2, 20)  # 5 Feb + 15 paused days
    with time_machine.travel(timezone.datetime(2026, 2, 16, 11, 0, tzinfo=UTC)):
        sar = services.sar_extend(
            actor=admin_user,
            sar=sar,
            months=2,
            reason="complex",
            why="Many years of notes.",
            told_on=date(2026, 2, 16),
        )  # without the pause, 16 February would be too late
    assert sar.due_on == date(2026, 4, 20)  # 5 Apr + 15 = Monday 20 April


@pytest.mark.parametrize(
    ("asked", "reason", "field", "message"),
    [
        (date(2026, 3, 4), "  ", "why_needed", "routine step"),
        (date(2026, 3, 1), REASON, "requested_on", "cannot begin before"),
        (date(2026, 3, 11), REASON, "requested_on", "cannot be in the future"),
    ],
)
def test_a_pause_refused_says_why_and_changes_nothing(
    admin_user, client_, asked, reason, field, message
):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 2))
    unchanged = _unchanged(sar)
    with pytest.raises(ValidationError) as caught:
        _pause(admin_user, sar, asked, reason)
    assert field in caught.value.message_dict and message in str(caught.value)
    assert unchanged() and not sar.clock_events.exclude(kind="identity").exists()


def test_a_pause_cannot_end_before_it_starts(admin_user, client_):
    sar = _pause(
        admin_user, log_request(admin_user, client_, received_on=date(2026, 3, 2)), date(2026, 3, 5)
    )
    unchanged = _unchanged(sar)
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.sar_receive_clarification(actor=admin_user, sar=sar, received_on=date(2026, 3, 4))
    assert unchanged() and sar.clock().paused


def test_a_second_pause_begins_after_the_first_ended(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 2))
    sar = _pause(admin_user, sar, date(2026, 3, 3))
    sar = services.sar_receive_clarification(
        actor=admin_user, sar=sar, received_on=date(2026, 3, 5)
    )
    with pytest.raises(ValidationError, match="must begin after that day"):
        _pause(admin_user, sar, date(2026, 3, 5))
    sar = _pause(admin_user, sar, date(2026, 3, 6))
    sar = services.sar_receive_clarification(
        actor=admin_user, sar=sar, received_on=date(2026, 3, 6)
    )
    assert sar.clock().paused_days == 4 and sar.due_on == date(2026, 4, 7)  # 6 Apr: Easter


def test_a_pause_asked_after_the_time_limit_is_refused(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 1, 5))  # due 5 Feb
    with pytest.raises(ValidationError, match="cannot pause it"):
        _pause(admin_user, sar, date(2026, 2, 6))
    assert sar.clock_events.count() == 1


def test_an_extension_after_the_first_month_counting_pauses_is_refused(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 1, 5))  # due 5 Feb
    sar = _pause(admin_user, sar, date(2026, 1, 6))
    sar = services.sar_receive_clarification(
        actor=admin_user, sar=sar, received_on=date(2026, 1, 7)
    )
    unchanged = _unchanged(sar)
    with pytest.raises(ValidationError, match="by Monday 9 February 2026"):  # 5 Feb + 2 days
        services.sar_extend(
            actor=admin_user,
            sar=sar,
            months=1,
            reason="numerous",
            why="Several requests.",
            told_on=date(2026, 2, 1),
        )
    assert unchanged() and sar.extension_months == 0


def test_an_extension_during_a_pause_is_allowed(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 1, 20))  # due 20 Feb
    with time_machine.travel(timezone.datetime(2026, 2, 18, 11, 0, tzinfo=UTC)):
        sar = _pause(admin_user, sar, date(2026, 2, 18))
    sar = services.sar_extend(
        actor=admin_user,
        sar=sar,
        months=1,
        reason="complex",
        why="Many years of notes.",
        told_on=date(2026, 3, 10),
    )  # 20 Feb + 21 days paused so far (18 Feb to 10 Mar): still in the first month
    sar = services.sar_receive_clarification(
        actor=admin_user, sar=sar, received_on=date(2026, 3, 10)
    )
    assert sar.due_on == date(2026, 4, 10)  # 20 Mar + 21 days


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"received_on": TODAY + timedelta(days=1)}, "received_on"),
        ({"requester": "representative", "authority": "written_consent"}, "requester_name"),
        (
            {"requester": "parental", "requester_name": "P", "authority": "written_consent"},
            "authority",
        ),
        ({"authority": "written_consent"}, "authority"),
        ({"identity_received_on": date(2026, 3, 1)}, "identity_received_on"),
        ({"identity_confirmed_on": date(2026, 3, 11)}, "identity_confirmed_on"),
        (
            {"identity_received_on": date(2026, 3, 5), "identity_confirmed_on": date(2026, 3, 4)},
            "identity_confirmed_on",
        ),
        (
            {
                "requester": "representative",
                "requester_name": "A Solicitor",
                "authority": "power_of_attorney",
                "authority_received_on": date(2026, 3, 1),
            },
            "authority_received_on",
        ),
    ],
)
def test_logging_refuses_bad_input_and_stores_nothing(admin_user, client_, values, field):
    with pytest.raises(ValidationError) as refused:
        log_request(admin_user, client_, **{"received_on": date(2026, 3, 2), **values})
    assert field in refused.value.message_dict
    assert not SubjectAccessRequest.objects.exists()


def test_only_an_admin_logs_a_request(therapist, client_):
    with pytest.raises(ValidationError, match="Only an admin"):
        log_request(therapist, client_)


def test_a_parent_asking_for_a_young_person_records_their_competence(admin_user, therapist):
    young = make_client(therapist, date_of_birth=date(2012, 5, 1))
    parent = {"requester": "parental", "requester_name": "Pat Parent", "authority": "parental"}
    with pytest.raises(ValidationError) as refused:
        log_request(admin_user, young, **parent)
    assert "young_person_competence" in refused.value.message_dict
    sar = log_request(
        admin_user,
        young,
        **parent,
        young_person_competence="competent_agrees",
        young_person_wishes="Happy for their parent to see the dates only",
    )
    assert sar.get_young_person_wishes().startswith("Happy")


def test_in_scotland_a_twelve_year_old_is_presumed_able_to_act(admin_user, therapist):
    PracticeProfile.objects.update_or_create(pk=1, defaults={"nation": "SCT"})
    young = make_client(therapist, date_of_birth=date(2013, 1, 1))
    with pytest.raises(ValidationError, match="presumed able to decide"):
        log_request(
            admin_user, young, requester="parental", requester_name="P", authority="parental"
        )


def test_a_request_for_a_disposed_record_says_so(admin_user, client_):
    CaseFile.objects.filter(record_ref=client_.record_ref).delete()
    with pytest.raises(ValidationError, match="disposed of"):
        log_request(admin_user, client_)


def test_extension_within_the_first_month(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 3))
    sar = services.sar_extend(
        actor=admin_user,
        sar=sar,
        months=2,
        reason="complex",
        why="Many years of notes.",
        told_on=date(2026, 3, 9),
    )
    assert sar.due_on == date(2026, 6, 3)
    assert AuditEvent.objects.filter(action="sar.extended").exists()


def test_an_extension_past_three_months_in_all_is_refused(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 3, 3))
    sar = services.sar_extend(
        actor=admin_user,
        sar=sar,
        months=1,
        reason="complex",
        why="Many years of notes.",
        told_on=date(2026, 3, 9),
    )
    unchanged = _unchanged(sar)
    with pytest.raises(ValidationError, match="at most two further months"):
        services.sar_extend(
            actor=admin_user,
            sar=sar,
            months=2,
            reason="complex",
            why="Many years of notes.",
            told_on=date(2026, 3, 9),
        )
    assert unchanged()


def test_an_extension_recorded_after_the_first_month_is_refused(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=date(2026, 1, 5))  # due 5 Feb
    unchanged = _unchanged(sar)
    with pytest.raises(ValidationError, match="within the first month"):
        services.sar_extend(
            actor=admin_user,
            sar=sar,
            months=1,
            reason="numerous",
            why="Several requests.",
            told_on=date(2026, 2, 1),
        )
    assert unchanged()


def test_a_second_compile_while_one_is_running_is_refused(admin_user, client_):
    sar = log_request(admin_user, client_)
    jobs.sar_compile_start(actor=admin_user, sar=sar)
    with pytest.raises(ValidationError, match="already running"):
        jobs.sar_compile_start(actor=admin_user, sar=sar)


def test_a_compile_whose_worker_died_can_be_retried(admin_user, client_):
    sar = log_request(admin_user, client_)
    jobs.sar_compile_start(actor=admin_user, sar=sar)
    # The worker was killed: no draft, and the heartbeat stopped long ago.
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(
        compile_heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    sar.refresh_from_db()
    assert sar.draft_name == ""
    with pytest.raises(TransitionRefused):
        release.sar_release(actor=admin_user, sar=sar, method="email")  # nothing half-made
    jobs.sar_compile_start(actor=admin_user, sar=sar)
    jobs.compile_run(str(sar.ref))
    sar.refresh_from_db()
    assert sar.status == Status.IN_REVIEW and sar.draft_name


def test_a_failing_compile_is_recorded_and_can_be_retried(admin_user, client_, monkeypatch):
    sar = log_request(admin_user, client_)
    jobs.sar_compile_start(actor=admin_user, sar=sar)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("subject_access.compiling.store_draft", broken)
    with pytest.raises(RuntimeError):
        jobs.compile_run(str(sar.ref))
    sar.refresh_from_db()
    assert sar.compile_failed and sar.status == Status.COMPILING and not sar.draft_name
    failed = AuditEvent.objects.get(action="sar.compile_failed")
    assert (failed.actor_id, failed.actor_label, failed.source) == (None, "system:worker", "worker")
    monkeypatch.undo()
    jobs.sar_compile_start(actor=admin_user, sar=sar)
    jobs.compile_run(str(sar.ref))
    compiled = AuditEvent.objects.get(action="sar.compiled")
    assert (compiled.actor_id, compiled.actor_label) == (None, "system:worker")
    sar.refresh_from_db()
    assert sar.status == Status.IN_REVIEW


def test_release_needs_the_review_first(admin_user, client_):
    sar = compiled(admin_user, client_)
    with pytest.raises(TransitionRefused, match="reviewed"):
        release.sar_release(actor=admin_user, sar=sar, method="email")
    assert not SubjectAccessRequest.objects.get(pk=sar.pk).archive_sha256


def test_only_the_assigned_reviewer_redacts(admin_user, therapist, therapist2, client_):
    sar = compiled(admin_user, client_)
    with pytest.raises(TransitionRefused, match="may not take this step"):
        release.sar_review_complete(actor=therapist2, sar=sar)
    sar = services.sar_assign_reviewer(actor=admin_user, sar=sar, reviewer=therapist2)
    release.sar_review_complete(actor=therapist2, sar=sar)
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.REVIEWED


def test_a_passage_not_in_the_item_is_refused(admin_user, therapist, client_):
    sar = compiled(admin_user, client_)
    with pytest.raises(ValidationError, match="not in that item"):
        release.sar_redact(
            actor=therapist,
            sar=sar,
            item_key=f"clients.Client:{client_.ref}",
            field_name="given_name",
            passage="Nobody",
            reason="third_party",
            third_party=third_party_test(),
        )
    assert not sar.redactions.exists()


def test_refusal_records_the_exemption(admin_user, client_):
    sar = log_request(admin_user, client_)
    with pytest.raises(ValidationError):
        services.sar_propose_refusal(actor=admin_user, sar=sar, exemption="", reasons="Why.")
    sar = refused(admin_user, sar)
    assert sar.status == Status.REFUSED
    assert sar.exemption == "unfounded"
    with pytest.raises(TransitionRefused, match="proposed only while the request is open"):
        services.sar_propose_refusal(
            actor=admin_user, sar=sar, exemption="unfounded", reasons="Why.", evidence="E."
        )


def test_download_after_the_period_is_refused(admin_user, therapist, client_, settings):
    from tests.subject_access.builders import released_request

    sar = released_request(admin_user, therapist, client_)
    assert release.sar_archive_download(actor=admin_user, sar=sar)
    with (
        time_machine.travel(
            timezone.now() + timedelta(days=settings.SUBJECT_ACCESS_DOWNLOAD_DAYS + 1)
        ),
        pytest.raises(ValidationError, match="download period"),
    ):
        release.sar_archive_download(actor=admin_user, sar=sar)
    with pytest.raises(ValidationError, match="Only an admin"):
        release.sar_archive_download(actor=therapist, sar=sar)
    assert AuditEvent.objects.filter(action="sar.downloaded").count() == 1


# -- the whole state table ---------------------------------------------------------------


def _allowed_cells():
    return {(cell.state, cell.action): cell.target for cell in SAR_MACHINE.cells() if cell.target}


@pytest.mark.parametrize("cell", list(SAR_MACHINE.cells()), ids=lambda c: f"{c.state}-{c.action}")
def test_every_cell_of_the_table_is_allowed_or_refused(cell, admin_user, therapist):
    sar = SubjectAccessRequest(status=cell.state, reviewer=therapist)
    actors = {
        "admin": admin_user,
        "reviewer": therapist,
        "system": system_actor("worker"),
        "nobody": None,
    }
    if cell.target is None:
        for actor in actors.values():
            with pytest.raises(TransitionRefused):
                SAR_MACHINE.check(actor=actor, obj=sar, action=cell.action)
        return
    party = cell.party
    if party == "admin_when_stalled":
        sar.compile_heartbeat_at = None  # stalled
    if party in ("admin_with_proposal", "second_admin", "server_with_proposal"):
        sar.refusal_proposed_by = second_admin()
    party = {"second_admin": "admin", "server_with_proposal": "system"}.get(party, party)
    if party in ("admin_for_young_person", "admin_may_answer_young_person"):
        sar.requester, sar.young_person_competence = "parental", "competent_objects"
    if party.startswith("admin_"):  # stalled, awaiting evidence (unsaved: none is in), ...
        party = "admin"
    assert SAR_MACHINE.check(actor=actors[party], obj=sar, action=cell.action) == cell.target
    for name, other in actors.items():
        if name != party:  # nobody (actor=None) may take any step, the worker's included
            with pytest.raises(TransitionRefused):
                SAR_MACHINE.check(actor=other, obj=sar, action=cell.action)


def test_a_running_compile_cannot_be_retried(admin_user):
    sar = SubjectAccessRequest(status=Status.COMPILING, compile_heartbeat_at=timezone.now())
    assert not SAR_MACHINE.allows(actor=admin_user, obj=sar, action="retry_compile")


def test_an_open_request_holds_the_case_file_and_a_released_one_does_not(admin_user, therapist):
    sar = compiled(admin_user, make_client(therapist))
    case_file = CaseFile.objects.get(record_ref=sar.record_ref)
    assert "an open subject access request" in holds.automatic_reasons(case_file)
    refused(admin_user, sar, exemption=Exemption.values[0])
    assert "an open subject access request" not in holds.automatic_reasons(case_file)
