"""Refusals a therapist or supervisor may meet: each says why, and changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosures import machine, selectors
from disclosures.forms import steps as step_forms
from disclosures.models import DisclosureRecord, DisclosureRequest, Status
from disclosures.services import decisions, disclosing, drafting
from disclosures.services.common import review_due_on
from practice import services as practice_services
from practice.models import AuditEvent, PracticeProfile
from practice.transitions import TransitionRefused
from records import services as record_services
from tests.conftest import TESTS, case_file_of, make_client, make_staff
from tests.disclosures.builders import at_state, drafted, facts, step_values


def _unchanged(row: DisclosureRequest, status: str, version: int) -> None:
    row.refresh_from_db()
    assert (row.status, row.version) == (status, version)


def test_an_incomplete_request_cannot_be_sent_and_says_which_steps(
    therapist, supervision, client_a
):
    row = drafted(therapist, client_a, only=("situation",))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        decisions.request_submit(actor=therapist, disclosure=row)
    assert "Complete the step 'The Caldicott principles'." in refused.value.messages
    assert "Complete the step 'Kind of disclosure'." not in refused.value.messages
    _unchanged(row, Status.DRAFT, row.version)
    assert AuditEvent.objects.count() == events


def test_steps_are_saved_as_they_go_and_the_request_resumes(therapist, client_a):
    row = drafted(therapist, client_a, only=("situation",))
    again = DisclosureRequest.objects.get(pk=row.pk)
    assert again.steps_done == ["kind", "situation"]
    assert "The situation" in again.get_situation()
    from disclosures import steps

    assert steps.next_step(again).name == "caldicott"


def test_a_stale_step_save_from_another_window_is_refused(therapist, client_a):
    row = drafted(therapist, client_a, only=())
    old_version = row.version
    drafting.request_step_save(
        actor=therapist, disclosure=row, step="advice", values=step_values()["advice"]
    )
    with pytest.raises(ValidationError, match="another window"):
        drafting.request_step_save(
            actor=therapist,
            disclosure=row,
            step="reflection",
            values=step_values()["reflection"],
            expected_version=old_version,
        )


def test_a_request_asking_for_an_order_first_cannot_be_sent(therapist, supervision, client_a):
    row = drafted(therapist, client_a)
    drafting.request_step_save(
        actor=therapist,
        disclosure=row,
        step="kind",
        values={
            **step_values()["kind"],
            "kind": "authority_request",
            "authority_body": "police",
            "authority_route": "ask_for_order",
        },
    )
    with pytest.raises(ValidationError, match="court order or warrant first"):
        decisions.request_submit(actor=therapist, disclosure=row)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "statute_other"}, "statute_named"),
        ({"kind": "authority_request"}, "authority_body"),
        ({"kind": "authority_request", "authority_body": "police"}, "authority_route"),
        (
            {
                "kind": "authority_request",
                "authority_body": "police",
                "authority_route": "discretionary",
            },
            "authority_ground",
        ),
    ],
)
def test_the_kind_step_asks_for_what_the_kind_needs(data, field):
    form = step_forms.KindForm(data)
    assert not form.is_valid()
    assert field in form.errors


def test_consent_not_sought_needs_a_reason_and_capacity_needs_both_stages():
    form = step_forms.ConsentForm({"consent_status": "not_sought"})
    assert "not_sought_reason" in form.errors
    form = step_forms.ConsentForm(
        {"consent_status": "not_sought", "not_sought_reason": "lacks_capacity"}
    )
    assert {"capacity_impairment", "capacity_decision"} <= set(form.errors)


def test_a_supervisor_of_someone_else_cannot_decide(therapist, supervisor, supervision, client_a):
    other = make_staff("supervisor2", "supervisor")
    row = at_state("submitted", therapist, supervisor, client_a)
    with pytest.raises(TransitionRefused, match="may not take this step"):
        decisions.request_decide(
            actor=other, disclosure=row, decision=machine.APPROVE, reasons="Fine"
        )
    _unchanged(row, Status.SUBMITTED, row.version)
    assert list(selectors.review_queue(other)) == []


def test_an_ended_supervision_no_longer_reaches_the_request(
    therapist, supervisor, supervision, client_a, admin_user
):
    row = at_state("submitted", therapist, supervisor, client_a)
    practice_services.supervision_end(actor=admin_user, link=supervision)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert not machine.MACHINE.allows(actor=supervisor, obj=row, action=machine.APPROVE)
        assert list(selectors.review_queue(supervisor)) == []


def test_no_one_decides_on_their_own_request(db):
    both = make_staff("both", "therapist", "supervisor")
    other = make_staff("other", "supervisor")
    practice_services.supervision_start(actor=TESTS, therapist=both, supervisor=other)
    client = make_client(both)
    row = at_state("submitted", both, other, client)
    assert row not in selectors.review_queue(both)
    with pytest.raises(TransitionRefused):
        decisions.request_decide(actor=both, disclosure=row, decision=machine.APPROVE, reasons="x")
    _unchanged(row, Status.SUBMITTED, row.version)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureRequest.objects.filter(pk=row.pk).update(decided_by=both)


def test_a_decision_needs_written_reasons(therapist, supervisor, supervision, client_a):
    row = at_state("submitted", therapist, supervisor, client_a)
    with pytest.raises(ValidationError, match="Write your reasons"):
        decisions.request_decide(
            actor=supervisor, disclosure=row, decision=machine.APPROVE, reasons="  "
        )
    _unchanged(row, Status.SUBMITTED, row.version)


def test_an_emergency_disclosure_still_needs_kind_situation_and_recipient(
    therapist, supervision, client_a
):
    row = drafted(therapist, client_a, only=("situation",))
    with pytest.raises(ValidationError, match="Recipient and exactly what is shared"):
        disclosing.request_disclose_emergency(
            actor=therapist, disclosure=row, facts=facts(row), why_urgent="Now"
        )
    _unchanged(row, Status.DRAFT, row.version)
    assert not DisclosureRecord.objects.exists()


def test_a_restriction_needs_a_reason_and_a_future_review_date(
    therapist, supervisor, supervision, client_a
):
    row = at_state("approved", therapist, supervisor, client_a)
    with pytest.raises(ValidationError) as refused:
        disclosing.request_disclose(
            actor=therapist, disclosure=row, facts=facts(row, restricted=True)
        )
    assert set(refused.value.message_dict) == {"restricted_reason", "restricted_review_on"}
    _unchanged(row, Status.APPROVED, row.version)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureRecord.objects.create(
            request=row,
            case_file=row.case_file,
            disclosed_on=date.today(),
            method="phone",
            disclosed_by=therapist,
            approved_by=supervisor,
            restricted=True,
        )


def test_a_disclosure_in_the_future_is_refused(therapist, supervisor, supervision, client_a):
    row = at_state("approved", therapist, supervisor, client_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        disclosing.request_disclose(
            actor=therapist, disclosure=row, facts=facts(row, disclosed_on=tomorrow)
        )


def test_only_exact_words_of_this_clients_signed_notes_can_be_quoted(
    therapist, therapist2, client_a
):
    case_file = case_file_of(client_a)
    note = record_services.note_create(
        actor=therapist, case_file=case_file, body="First paragraph.\n\nSecond paragraph."
    )
    row = drafted(therapist, client_a, only=())
    with pytest.raises(ValidationError, match="signed note"):
        drafting.passage_quote(actor=therapist, disclosure=row, note=note, text="First paragraph.")
    record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    note.refresh_from_db()
    with pytest.raises(ValidationError, match="exactly"):
        drafting.passage_quote(actor=therapist, disclosure=row, note=note, text="Invented words")
    other_client = make_client(therapist2)
    other_note = record_services.note_create(
        actor=therapist2, case_file=case_file_of(other_client), body="Other words."
    )
    with pytest.raises(ValidationError, match="signed note of this client"):
        drafting.passage_quote(
            actor=therapist, disclosure=row, note=other_note, text="Other words."
        )
    quote = drafting.passage_quote(
        actor=therapist, disclosure=row, note=note, text="Second paragraph."
    )
    assert quote.get_text() == "Second paragraph."
    assert "Second paragraph." not in quote.text  # stored encrypted


def test_a_colleague_cannot_start_a_request_for_someone_elses_client(therapist2, client_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        drafting.request_start(actor=therapist2, case_file=case_file_of(client_a))
    assert not DisclosureRequest.objects.exists()


ENG, SCT, NIR = "ENG", "SCT", "NIR"


@pytest.mark.parametrize(
    ("nation", "disclosed_on", "due"),
    [
        (ENG, date(2026, 11, 23), date(2026, 11, 25)),  # Monday -> Wednesday
        (ENG, date(2026, 11, 26), date(2026, 11, 30)),  # Thursday -> Monday
        (ENG, date(2026, 11, 27), date(2026, 12, 1)),  # Friday -> Tuesday
        (ENG, date(2026, 11, 28), date(2026, 12, 1)),  # Saturday -> Tuesday
        # Thursday before Easter 2026: Good Friday and Easter Monday do not count...
        (ENG, date(2026, 4, 2), date(2026, 4, 8)),
        (NIR, date(2026, 4, 2), date(2026, 4, 8)),
        # ...but Easter Monday is a working day in Scotland.
        (SCT, date(2026, 4, 2), date(2026, 4, 7)),
        # Christmas Eve 2026 (Thursday): Christmas, and Boxing Day's Monday substitute.
        (ENG, date(2026, 12, 24), date(2026, 12, 30)),
        (SCT, date(2026, 12, 24), date(2026, 12, 30)),
        # New Year 2027: Scotland also keeps 2 January (a Saturday: Monday 4th instead).
        (ENG, date(2026, 12, 30), date(2027, 1, 4)),
        (SCT, date(2026, 12, 30), date(2027, 1, 5)),
        # St Patrick's Day is Northern Ireland's alone (Tuesday 17 March 2026).
        (NIR, date(2026, 3, 16), date(2026, 3, 19)),
        (ENG, date(2026, 3, 16), date(2026, 3, 18)),
    ],
)
def test_a_retrospective_review_is_due_within_two_working_days_of_the_nation(
    nation, disclosed_on, due, db
):
    PracticeProfile.objects.filter(pk=PracticeProfile.load().pk).update(nation=nation)
    assert review_due_on(disclosed_on) == due


def test_an_emergency_disclosure_before_good_friday_is_reviewed_after_easter(
    therapist, supervisor, supervision, client_a
):
    PracticeProfile.objects.filter(pk=PracticeProfile.load().pk).update(nation=ENG)
    with time_machine.travel(datetime(2026, 4, 2, 10, tzinfo=UTC)):
        row = at_state("emergency_review", therapist, supervisor, client_a)
    assert row.review_due_on == date(2026, 4, 8)
    with time_machine.travel(datetime(2026, 4, 8, 10, tzinfo=UTC)):
        assert not row.review_overdue  # due today, not yet late
    with time_machine.travel(datetime(2026, 4, 9, 10, tzinfo=UTC)):
        assert row.review_overdue


def test_overdue_reviews_come_first_then_the_oldest(therapist, supervisor, supervision, client_a):
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        oldest = at_state("submitted", therapist, supervisor, client_a)
    with time_machine.travel(timezone.now() - timedelta(days=6)):
        overdue = at_state("emergency_review", therapist, supervisor, client_a)
    newer = at_state("submitted", therapist, supervisor, client_a)
    due_soon = at_state("emergency_review", therapist, supervisor, client_a)
    queue = list(selectors.review_queue(supervisor))
    assert queue[0] == overdue and queue[0].review_overdue
    assert queue == [overdue, due_soon, oldest, newer]
