"""Breach register services (UK GDPR Arts. 33-34): each step moves the breach and audits
references only; each refusal says why and leaves the breach exactly as it was; the whole
state table is walked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from practice.models import AuditEvent
from practice.transitions import TransitionRefused
from rights import services
from rights.breach_workflow import BREACH_MACHINE
from rights.models import Breach, BreachRecord, BreachStatus
from tests.conftest import case_file_of, make_client, make_staff
from tests.rights.builders import breach_assessed, breach_found, breach_reported

pytestmark = pytest.mark.django_db(databases="__all__")


def _snapshot(breach: Breach) -> dict:
    fresh = Breach.objects.get(pk=breach.pk)
    return {
        **model_to_dict(fresh),
        "records": BreachRecord.objects.filter(breach=fresh).count(),
        "events": AuditEvent.objects.count(),
    }


def test_a_breach_is_recorded_with_its_own_key_and_audited_by_reference(admin_user):
    breach = breach_found(admin_user, what="Quorblethwaite's file was e-mailed out")
    fresh = Breach.objects.get(pk=breach.pk)
    assert fresh.status == BreachStatus.RECORDED and fresh.wrapped_key
    assert fresh.get_what_happened() == "Quorblethwaite's file was e-mailed out"
    event = AuditEvent.objects.get(action="breach.recorded")
    assert event.target_ref == breach.reference
    assert "Quorblethwaite" not in repr(event.details)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"what_happened": "  "}, "what_happened", "Say what happened."),
        ({"for_client": ""}, "for_client", "plain words"),
        ({"people_affected": -1}, "people_affected", "how many"),
        ({"discovered_at": timezone.now() + timedelta(hours=2)}, "discovered_at", "future"),
        ({"started_at": timezone.now() - timedelta(hours=1)}, "started_at", "after it was found"),
        ({"what_happened": "x" * 10_001}, "what_happened", "10,000"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_kept(
    admin_user, change, field, message
):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        breach_found(admin_user, hours_ago=3, **change)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Breach.objects.exists()
    assert AuditEvent.objects.count() == events


def test_only_an_admin_records_a_breach(therapist):
    with pytest.raises(ValidationError, match="Only an admin"):
        breach_found(therapist)
    assert not Breach.objects.exists()


def test_case_files_are_added_once_each_and_audited_on_each_record(admin_user, therapist):
    first = case_file_of(make_client(therapist, given_name="Una"))
    second = case_file_of(make_client(therapist, given_name="Vic"))
    breach = breach_found(admin_user)
    added = services.breach_records_add(
        actor=admin_user, breach=breach, record_refs=[first.record_ref, second.record_ref]
    )
    assert sorted(added) == sorted([first.record_ref, second.record_ref])
    again = services.breach_records_add(
        actor=admin_user, breach=breach, record_refs=[first.record_ref]
    )
    assert again == []
    assert BreachRecord.objects.filter(breach=breach).count() == 2
    on_record = AuditEvent.objects.filter(action="breach.record_added", target_ref=first.record_ref)
    assert on_record.count() == 1
    assert on_record.get().details == {"breach": breach.reference}


def test_an_unknown_reference_adds_nothing(admin_user, therapist):
    real = case_file_of(make_client(therapist))
    breach = breach_found(admin_user)
    before = _snapshot(breach)
    with pytest.raises(ValidationError, match="R-NOSUCHFILE00"):
        services.breach_records_add(
            actor=admin_user, breach=breach, record_refs=[real.record_ref, "R-NOSUCHFILE00"]
        )
    assert _snapshot(breach) == before


def test_a_risk_must_be_reported_to_the_ico(admin_user):
    breach = breach_found(admin_user)
    before = _snapshot(breach)
    with pytest.raises(ValidationError) as refused:
        services.breach_assess(
            actor=admin_user,
            breach=breach,
            risk="high",
            assessment="Could be read",
            notify_ico=False,
            notify_people=False,
            reasons="None",
        )
    assert "Art. 33(1)" in refused.value.message_dict["notify_ico"][0]
    assert _snapshot(breach) == before


def test_a_decision_not_to_report_is_kept_with_its_reasons(admin_user):
    breach = breach_assessed(admin_user, risk="unlikely", notify_ico=False)
    breach = services.breach_not_notify(actor=admin_user, breach=breach)
    assert breach.status == BreachStatus.NOT_NOTIFIED
    assert breach.get_decision_reasons() == "The laptop was not encrypted."
    assert breach.ico_clock().running is False and not breach.ico_clock().late
    with pytest.raises(TransitionRefused):
        services.breach_ico_notify(
            actor=admin_user, breach=breach, notified_at=timezone.now(), ico_reference="X"
        )


def test_a_late_report_needs_the_reasons_for_the_delay_and_stays_flagged(admin_user):
    breach = breach_assessed(admin_user, hours_ago=80)
    before = _snapshot(breach)
    with pytest.raises(ValidationError) as refused:
        services.breach_ico_notify(
            actor=admin_user, breach=breach, notified_at=timezone.now(), ico_reference="ICO-9"
        )
    assert "reasons for the delay" in refused.value.message_dict["late_reasons"][0]
    assert _snapshot(breach) == before
    breach = services.breach_ico_notify(
        actor=admin_user,
        breach=breach,
        notified_at=timezone.now(),
        ico_reference="ICO-9",
        late_reasons="It was found on a Friday night and the extent was unclear.",
    )
    assert breach.status == BreachStatus.NOTIFIED
    assert breach.ico_clock().late and breach.ico_clock().hours_late >= 7
    assert AuditEvent.objects.get(action="breach.ico_notified").details["late"] is True


def test_a_report_in_time_takes_no_delay_reasons(admin_user):
    breach = breach_assessed(admin_user)
    with pytest.raises(ValidationError, match="in time"):
        services.breach_ico_notify(
            actor=admin_user,
            breach=breach,
            notified_at=timezone.now(),
            ico_reference="ICO-1",
            late_reasons="Because",
        )


def test_a_high_risk_breach_closes_only_once_people_are_told_and_work_recorded(admin_user):
    breach = breach_reported(admin_user, risk="high", notify_people=True)
    with pytest.raises(ValidationError, match="what was done"):
        services.breach_close(actor=admin_user, breach=breach)
    services.breach_remediate(
        actor=admin_user,
        breach=breach,
        remediation="Laptops now encrypted; the train company searched.",
        done_for_client="We have made sure our laptops are encrypted.",
    )
    breach.refresh_from_db()
    with pytest.raises(ValidationError, match="telling the people"):
        services.breach_close(actor=admin_user, breach=breach)
    services.breach_people_notify(
        actor=admin_user, breach=breach, notified_on=timezone.localdate(), how="A letter"
    )
    breach.refresh_from_db()
    breach = services.breach_close(actor=admin_user, breach=breach)
    assert breach.status == BreachStatus.CLOSED and breach.closed_on == timezone.localdate()


def test_every_cell_of_the_table_is_decided(admin_user):
    """Every (state, action): allowed cells name a party the machine knows; the rest are
    refused with words a person can read."""
    for cell in BREACH_MACHINE.cells():
        if cell.target is None:
            assert BREACH_MACHINE.refusals[cell.action]
        else:
            assert cell.party in BREACH_MACHINE.parties
    breach = breach_found(admin_user)
    breach.status = BreachStatus.CLOSED
    for action in BREACH_MACHINE.actions:
        assert not BREACH_MACHINE.allows(actor=admin_user, obj=breach, action=action)


def test_nobody_but_an_admin_moves_a_breach(admin_user):
    breach = breach_found(admin_user)
    therapist = make_staff("breach-therapist", "therapist")
    assert BREACH_MACHINE.actions_for(actor=therapist, obj=breach) == frozenset()
    assert "assess" in BREACH_MACHINE.actions_for(actor=admin_user, obj=breach)
