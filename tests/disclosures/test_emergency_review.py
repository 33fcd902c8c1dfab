"""The emergency path records the time and ends in a verdict (issue 24, item 2): the time of
day to the minute, the supervisor's explicit verdict with reasons, and the verdicts counted
on the supervisor's queue and the admin's page."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from disclosures import emergency_verdicts, machine
from disclosures.audit_actions import Action
from disclosures.models import DisclosureRecord, DisclosureRequest, EmergencyVerdict, Status
from disclosures.services import decisions, disclosing
from practice import services as practice_services
from practice.actors import system_actor
from practice.models import AuditEvent
from tests.conftest import signed_in
from tests.disclosures.builders import at_state, drafted, facts

JUSTIFIED = EmergencyVerdict.JUSTIFIED
LEARNING = EmergencyVerdict.JUSTIFIED_WITH_LEARNING
NOT_JUSTIFIED = EmergencyVerdict.NOT_JUSTIFIED


def _emergency(therapist, client, **extra) -> DisclosureRequest:
    row = drafted(therapist, client)
    return disclosing.request_disclose_emergency(
        actor=therapist, disclosure=row, facts=facts(row, **extra), why_urgent="Immediate risk"
    )


def _reviewed(therapist, supervisor, client, verdict) -> DisclosureRequest:
    row = _emergency(therapist, client)
    return decisions.request_decide(
        actor=supervisor,
        disclosure=row,
        decision=machine.REVIEW,
        reasons="Reviewed with the therapist",
        verdict=verdict,
    )


# -- the time of day ---------------------------------------------------------------------


@time_machine.travel(datetime(2026, 6, 3, 15, 30, 45, tzinfo=UTC), tick=False)
def test_the_time_is_kept_to_the_minute_and_shown(therapist, supervision, client_a):
    row = _emergency(therapist, client_a, disclosed_time=time(14, 5, 59))
    assert row.disclosure.disclosed_time == time(14, 5)
    page = signed_in(therapist).get(reverse("disclosure_detail", args=[row.ref]))
    assert "3 Jun 2026 at 14:05" in page.content.decode()


@time_machine.travel(datetime(2026, 6, 3, 15, 30, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("disclosed_time", "message"),
    [
        (None, "Give the time you disclosed, to the minute"),
        (time(23, 59), "The time of the disclosure cannot be in the future."),
    ],
)
def test_an_emergency_disclosure_without_a_past_time_is_refused(
    therapist, supervision, client_a, disclosed_time, message
):
    row = drafted(therapist, client_a)
    with pytest.raises(ValidationError) as refused:
        disclosing.request_disclose_emergency(
            actor=therapist,
            disclosure=row,
            facts=facts(row, disclosed_time=disclosed_time),
            why_urgent="Immediate risk",
        )
    assert message in refused.value.message_dict["disclosed_time"][0]
    assert not DisclosureRecord.objects.exists()
    assert DisclosureRequest.objects.get(pk=row.pk).status == Status.DRAFT


def test_the_emergency_page_asks_for_the_time(therapist, supervision, client_a):
    row = drafted(therapist, client_a)
    browser = signed_in(therapist)
    url = reverse("disclosure_emergency", args=[row.ref])
    assert 'type="time"' in browser.get(url).content.decode()
    response = browser.post(
        url,
        {
            "why_urgent": "Immediate risk",
            "disclosed_on": timezone.localdate().isoformat(),
            "method": "phone",
            "recipient": "The crisis team",
            "what_was_sent": "What they needed",
        },
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not DisclosureRecord.objects.exists()


# -- the verdict -------------------------------------------------------------------------


def test_a_review_needs_a_verdict_and_keeps_it(therapist, supervisor, supervision, client_a):
    row = _emergency(therapist, client_a)
    with pytest.raises(ValidationError, match="justified"):
        decisions.request_decide(
            actor=supervisor, disclosure=row, decision=machine.REVIEW, reasons="Fine"
        )
    assert DisclosureRequest.objects.get(pk=row.pk).status == Status.EMERGENCY_REVIEW

    row = decisions.request_decide(
        actor=supervisor, disclosure=row, decision=machine.REVIEW, reasons="Ok", verdict=LEARNING
    )
    assert (row.status, row.emergency_verdict) == (Status.DISCLOSED, LEARNING)
    event = AuditEvent.objects.filter(action=Action.REVIEWED).latest("seq")
    assert event.details["verdict"] == LEARNING


def test_a_verdict_belongs_only_to_an_emergency_review(
    therapist, supervisor, supervision, client_a
):
    row = at_state("submitted", therapist, supervisor, client_a)
    with pytest.raises(ValidationError, match="only to the review"):
        decisions.request_decide(
            actor=supervisor,
            disclosure=row,
            decision=machine.APPROVE,
            reasons="Yes",
            verdict=JUSTIFIED,
        )
    assert DisclosureRequest.objects.get(pk=row.pk).status == Status.SUBMITTED


def test_the_review_page_asks_for_the_verdict_and_shows_it(
    therapist, supervisor, supervision, client_a
):
    row = _emergency(therapist, client_a)
    browser = signed_in(supervisor)
    url = reverse("disclosure_review", args=[row.ref])
    page = browser.get(url).content.decode()
    assert "Was acting at once, without asking you first, justified?" in page
    for label in EmergencyVerdict.labels:
        assert label in page

    refused = browser.post(url, {"decision": "review", "reasons": "My reasons"})
    assert "This field is required" in refused.content.decode()
    assert DisclosureRequest.objects.get(pk=row.pk).status == Status.EMERGENCY_REVIEW

    done = browser.post(
        url, {"decision": "review", "reasons": "My reasons", "verdict": NOT_JUSTIFIED}
    )
    assert done.status_code == 302
    assert DisclosureRequest.objects.get(pk=row.pk).emergency_verdict == NOT_JUSTIFIED
    therapist_page = signed_in(therapist).get(reverse("disclosure_detail", args=[row.ref]))
    assert "Acting at once was not justified" in therapist_page.content.decode()


# -- the counts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([], (0, 0, 0)),
        ([JUSTIFIED], (1, 0, 0)),
        ([JUSTIFIED, JUSTIFIED, LEARNING], (2, 1, 0)),
        ([NOT_JUSTIFIED, LEARNING, NOT_JUSTIFIED, JUSTIFIED], (1, 1, 2)),
    ],
)
def test_verdicts_are_counted_for_the_supervisor_and_the_practice(
    therapist, supervisor, supervision, client_a, verdicts, expected
):
    for verdict in verdicts:
        _reviewed(therapist, supervisor, client_a, verdict)
    _emergency(therapist, client_a)  # one still waiting
    at_state("disclosed", therapist, supervisor, client_a)  # not an emergency: not counted

    mine = emergency_verdicts.for_reviewer(supervisor)
    assert (mine.justified, mine.justified_with_learning, mine.not_justified) == expected
    assert (mine.reviewed, mine.waiting, mine.overdue) == (len(verdicts), 1, 0)
    practice = emergency_verdicts.for_practice()
    for counts in (practice.all_time, practice.last_year):
        assert (counts.justified, counts.justified_with_learning, counts.not_justified) == expected
        assert counts.waiting == 1
    reviewers = [name for name, _ in practice.by_reviewer]
    assert reviewers == ([supervisor.display_name] if verdicts else [])


def test_another_supervisors_verdicts_are_not_counted_as_mine(
    therapist, supervisor, supervisor2, supervision, client_a
):
    practice_services.supervision_start(
        actor=system_actor("tests"), therapist=therapist, supervisor=supervisor2
    )
    _reviewed(therapist, supervisor, client_a, JUSTIFIED)
    _reviewed(therapist, supervisor2, client_a, NOT_JUSTIFIED)
    assert emergency_verdicts.for_reviewer(supervisor).not_justified == 0
    assert emergency_verdicts.for_reviewer(supervisor2).not_justified == 1
    assert emergency_verdicts.for_practice().all_time.reviewed == 2


def test_an_overdue_review_is_counted_as_overdue(therapist, supervisor, supervision, client_a):
    with time_machine.travel(timezone.now() - timedelta(days=6)):
        _emergency(therapist, client_a)
    counts = emergency_verdicts.for_reviewer(supervisor)
    assert (counts.waiting, counts.overdue) == (1, 1)


def test_the_supervisors_queue_and_the_admins_page_show_the_counts(
    therapist, supervisor, admin_user, supervision, client_a, django_assert_max_num_queries
):
    _reviewed(therapist, supervisor, client_a, JUSTIFIED)
    _reviewed(therapist, supervisor, client_a, LEARNING)
    _reviewed(therapist, supervisor, client_a, LEARNING)
    _emergency(therapist, client_a)

    queue = signed_in(supervisor).get(reverse("supervisor_dashboard")).content.decode()
    assert "Your reviews of emergency disclosures" in queue
    assert "<td>Justified, but with learning for next time</td><td>2</td>" in queue
    assert "1 waiting for your review" in queue

    admin = signed_in(admin_user)
    assert reverse("emergency_pattern") in admin.get(reverse("admin_dashboard")).content.decode()
    with django_assert_max_num_queries(20):
        page = admin.get(reverse("emergency_pattern")).content.decode()
    assert "<td>Acting at once was justified</td><td>1</td>" in page
    assert "<td>Acting at once was not justified</td><td>0</td>" in page
    assert "1 waiting for review" in page
    assert client_a.family_name not in page and client_a.record_ref not in page
