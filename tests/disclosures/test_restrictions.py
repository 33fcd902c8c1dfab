"""A restriction's review: kept for longer by the therapist, lifted only with the supervisor.

The lift is a small machine (asked → agreed or declined, or withdrawn); every refusal leaves
the disclosure and the lift as they were, and every audit event names the request.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from disclosures import lifting
from disclosures.models import DisclosureRecord, LiftStatus, RestrictionLift
from disclosures.services import disclosing
from disclosures.services.restrictions import (
    restriction_keep,
    restriction_lift_ask,
    restriction_lift_decide,
    restriction_lift_withdraw,
)
from practice import services as practice_services
from practice.models import AuditEvent
from practice.transitions import TransitionRefused
from tests.conftest import TESTS, make_client, make_staff, signed_in
from tests.disclosures.builders import at_state, facts

LIFT_REASON = "Lift-reason-marker-5521"


@pytest.fixture
def restricted(therapist, supervisor, supervision, client_a) -> DisclosureRecord:
    row = at_state("approved", therapist, supervisor, client_a)
    disclosing.request_disclose(
        actor=therapist,
        disclosure=row,
        facts=facts(
            row,
            restricted=True,
            restricted_reason="investigation",
            restricted_review_on=timezone.localdate() + timedelta(days=30),
        ),
    )
    return DisclosureRecord.objects.select_related("request", "case_file").get()


@pytest.fixture
def asked(therapist, restricted) -> RestrictionLift:
    return restriction_lift_ask(actor=therapist, record=restricted, reason=LIFT_REASON)


def _url(name, client, record):
    return reverse(name, kwargs={"ref": client.ref, "record_ref": record.ref})


def _unchanged(record: DisclosureRecord) -> None:
    fresh = DisclosureRecord.objects.get(pk=record.pk)
    assert fresh.restricted
    assert fresh.restricted_reason == record.restricted_reason
    assert fresh.restricted_review_on == record.restricted_review_on


def _events(action: str):
    return AuditEvent.objects.filter(action=action)


# -- the machine ------------------------------------------------------------------------


EXPECTED = {
    ("asked", lifting.AGREE): ("agreed", lifting.SUPERVISOR),
    ("asked", lifting.DECLINE): ("declined", lifting.SUPERVISOR),
    ("asked", lifting.WITHDRAW): ("withdrawn", lifting.THERAPIST),
}


def test_the_lift_table_is_exactly_what_the_rules_say():
    cells = list(lifting.MACHINE.cells())
    assert len(cells) == len(LiftStatus.values) * 3
    for cell in cells:
        assert (cell.target, cell.party) == EXPECTED.get((cell.state, cell.action), (None, None))


CELLS = [(cell.state, cell.action) for cell in lifting.MACHINE.cells()]


@pytest.mark.parametrize(("state", "action"), CELLS, ids=[f"{s}-{a}" for s, a in CELLS])
def test_every_cell_of_the_lift_table_through_the_services(
    state, action, therapist, supervisor, restricted, asked
):
    """Bring a lift to `state`, try `action` as the party the table names (or both): the
    step happens exactly when the table has a row, and a refusal changes nothing."""
    if state != "asked":
        RestrictionLift.objects.filter(pk=asked.pk).update(status=state)
    lift = RestrictionLift.objects.get(pk=asked.pk)
    actor = therapist if action == lifting.WITHDRAW else supervisor
    expected = EXPECTED.get((state, action))
    before = AuditEvent.objects.count()

    def act():
        if action == lifting.WITHDRAW:
            return restriction_lift_withdraw(actor=actor, lift=lift)
        return restriction_lift_decide(actor=actor, lift=lift, decision=action, response="Why")

    if expected is None:
        with pytest.raises(TransitionRefused):
            act()
        assert RestrictionLift.objects.get(pk=lift.pk).status == state
        assert AuditEvent.objects.count() == before
        _unchanged(restricted)
    else:
        assert act().status == expected[0]
        assert RestrictionLift.objects.get(pk=lift.pk).status == expected[0]
        lifted = not DisclosureRecord.objects.get(pk=restricted.pk).restricted
        assert lifted == (action == lifting.AGREE)


# -- ask and agree ------------------------------------------------------------------------


def test_therapist_asks_supervisor_agrees_and_the_restriction_is_gone(
    therapist, supervisor, client_a, restricted
):
    request_ref = str(restricted.request.ref)
    page = signed_in(therapist).post(
        _url("restriction_lift_ask", client_a, restricted), {"reason": LIFT_REASON}, follow=True
    )
    assert "The restriction stands until they agree." in page.content.decode()
    _unchanged(restricted)  # asking lifts nothing
    lift = RestrictionLift.objects.get()
    assert lift.status == LiftStatus.ASKED and lift.asked_by == therapist
    assert (
        LIFT_REASON not in RestrictionLift.objects.filter(pk=lift.pk).values("reason")[0]["reason"]
    )

    queue = signed_in(supervisor).get(reverse("supervisor_dashboard")).content.decode()
    review_url = reverse("restriction_lift_review", kwargs={"ref": lift.ref})
    assert review_url in queue and "Requests to lift a restriction" in queue
    browser = signed_in(supervisor)
    assert LIFT_REASON in browser.get(review_url).content.decode()
    page = browser.post(review_url, {"decision": "agree", "response": "Investigation over"})
    assert page.status_code == 302

    record = DisclosureRecord.objects.get(pk=restricted.pk)
    assert not record.restricted and record.restricted_reason == ""
    assert record.restricted_review_on is None
    lift.refresh_from_db()
    assert lift.status == LiftStatus.AGREED and lift.decided_by == supervisor
    for action in (
        "disclosures.restriction_lift_asked",
        "disclosures.restriction_lift_read",
        "disclosures.restriction_lifted",
    ):
        events = list(_events(action))
        assert events, action
        assert all(event.details["request"] == request_ref for event in events)
    assert _events("disclosures.restriction_lifted").get().actor_label == "supervisor"

    copy_url = reverse("client_disclosures", kwargs={"ref": client_a.ref}) + "?copy=client"
    assert "Pat Recipient" in signed_in(therapist).get(copy_url).content.decode()


def test_until_the_supervisor_agrees_the_client_copy_leaves_it_out(therapist, client_a, asked):
    copy_url = reverse("client_disclosures", kwargs={"ref": client_a.ref}) + "?copy=client"
    assert "Pat Recipient" not in signed_in(therapist).get(copy_url).content.decode()


def test_the_supervisor_declines_and_the_restriction_stands(supervisor, restricted, asked):
    lift = restriction_lift_decide(
        actor=supervisor, lift=asked, decision="decline", response="Not yet"
    )
    assert lift.status == LiftStatus.DECLINED and lift.get_response() == "Not yet"
    _unchanged(restricted)
    event = _events("disclosures.restriction_lift_declined").get()
    assert event.details["request"] == str(restricted.request.ref)


def test_the_therapist_withdraws_and_may_ask_again(therapist, client_a, restricted, asked):
    browser = signed_in(therapist)
    page = browser.post(_url("restriction_lift_withdraw", client_a, restricted), follow=True)
    assert "Request withdrawn. The restriction stands." in page.content.decode()
    assert RestrictionLift.objects.get(pk=asked.pk).status == LiftStatus.WITHDRAWN
    assert _events("disclosures.restriction_lift_withdrawn").get().details["request"] == str(
        restricted.request.ref
    )
    _unchanged(restricted)
    again = restriction_lift_ask(actor=therapist, record=restricted, reason="Now")
    assert again.status == LiftStatus.ASKED


def test_only_one_request_to_lift_waits_at_a_time(therapist, restricted, asked):
    with pytest.raises(ValidationError, match="already waiting"):
        restriction_lift_ask(actor=therapist, record=restricted, reason="Again")
    assert RestrictionLift.objects.count() == 1


def test_a_request_to_lift_needs_a_written_reason(therapist, client_a, restricted):
    page = signed_in(therapist).post(
        _url("restriction_lift_ask", client_a, restricted), {"reason": "  "}
    )
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    assert not RestrictionLift.objects.exists()
    with pytest.raises(ValidationError):
        restriction_lift_ask(actor=therapist, record=restricted, reason=" ")
    assert not RestrictionLift.objects.exists()


# -- who may not --------------------------------------------------------------------------


def test_supervisor_of_another_therapist_cannot_agree(therapist2, restricted, asked):
    other = make_staff("othersup", "supervisor")
    practice_services.supervision_start(actor=TESTS, therapist=therapist2, supervisor=other)
    with pytest.raises(TransitionRefused):
        restriction_lift_decide(actor=other, lift=asked, decision="agree", response="Yes")
    url = reverse("restriction_lift_review", kwargs={"ref": asked.ref})
    browser = signed_in(other)
    assert browser.get(url).status_code == 404
    assert browser.post(url, {"decision": "agree", "response": "Yes"}).status_code == 404
    assert RestrictionLift.objects.get(pk=asked.pk).status == LiftStatus.ASKED
    _unchanged(restricted)


def test_therapist_cannot_agree_to_their_own_request(therapist, restricted, asked):
    with pytest.raises(TransitionRefused):
        restriction_lift_decide(actor=therapist, lift=asked, decision="agree", response="Me")
    assert RestrictionLift.objects.get(pk=asked.pk).status == LiftStatus.ASKED
    _unchanged(restricted)


def test_a_therapist_who_also_supervises_cannot_agree_to_their_own(supervisor):
    dual = make_staff("dual", "therapist", "supervisor")
    practice_services.supervision_start(actor=TESTS, therapist=dual, supervisor=supervisor)
    row = at_state("approved", dual, supervisor, make_client(dual))
    later = timezone.localdate() + timedelta(days=9)
    disclosing.request_disclose(
        actor=dual,
        disclosure=row,
        facts=facts(row, restricted=True, restricted_reason="risk", restricted_review_on=later),
    )
    record = DisclosureRecord.objects.get(request=row)
    lift = restriction_lift_ask(actor=dual, record=record, reason=LIFT_REASON)
    with pytest.raises(TransitionRefused):
        restriction_lift_decide(actor=dual, lift=lift, decision="agree", response="Me")
    assert DisclosureRecord.objects.get(pk=record.pk).restricted
    assert (
        signed_in(dual)
        .get(reverse("restriction_lift_review", kwargs={"ref": lift.ref}))
        .status_code
        == 404
    )


def test_admin_cannot_agree_or_ask(admin_user, restricted, asked):
    with pytest.raises(TransitionRefused):
        restriction_lift_decide(actor=admin_user, lift=asked, decision="agree", response="Yes")
    with pytest.raises(PermissionDenied):
        restriction_keep(
            actor=admin_user,
            record=restricted,
            reason="risk",
            review_on=timezone.localdate() + timedelta(days=9),
        )
    url = reverse("restriction_lift_review", kwargs={"ref": asked.ref})
    assert (
        signed_in(admin_user).post(url, {"decision": "agree", "response": "Y"}).status_code == 403
    )
    _unchanged(restricted)


def test_nobody_but_the_clients_own_therapist_asks(therapist2, supervisor, client_a, restricted):
    for actor in (therapist2, supervisor):
        with pytest.raises(PermissionDenied):
            restriction_lift_ask(actor=actor, record=restricted, reason="Let me")
    url = _url("restriction_lift_ask", client_a, restricted)
    assert signed_in(therapist2).post(url, {"reason": "x"}).status_code == 404
    assert not RestrictionLift.objects.exists()
    _unchanged(restricted)


def test_a_lift_agreed_cannot_be_agreed_twice(supervisor, restricted, asked):
    restriction_lift_decide(actor=supervisor, lift=asked, decision="agree", response="Yes")
    with pytest.raises(TransitionRefused, match="waiting"):
        restriction_lift_decide(actor=supervisor, lift=asked, decision="decline", response="No")
    assert RestrictionLift.objects.get(pk=asked.pk).status == LiftStatus.AGREED


def test_there_is_no_lifting_without_a_supervisor(therapist, client_a, restricted):
    """The old form's "leave the date empty to lift" is refused: a date is required."""
    page = signed_in(therapist).post(
        _url("restriction_review", client_a, restricted), {"restricted_reason": "risk"}
    )
    assert "Not changed" in page.content.decode()
    _unchanged(restricted)


# -- keeping it for longer ----------------------------------------------------------------


def test_keeping_a_restriction_needs_a_future_date_and_a_reason(therapist, client_a, restricted):
    browser = signed_in(therapist)
    url = _url("restriction_review", client_a, restricted)
    for day in (timezone.localdate() - timedelta(days=1), timezone.localdate()):
        page = browser.post(url, {"restricted_reason": "risk", "review_on": day})
        assert "The next review date must be in the future." in page.content.decode()
        _unchanged(restricted)
    later = timezone.localdate() + timedelta(days=90)
    page = browser.post(url, {"restricted_reason": "", "review_on": later})
    assert "Why the client must still not be told" in page.content.decode()
    assert "There is a problem" in page.content.decode()
    _unchanged(restricted)
    assert not _events("disclosures.restriction_kept").exists()

    browser.post(url, {"restricted_reason": "risk", "review_on": later})
    record = DisclosureRecord.objects.get(pk=restricted.pk)
    assert record.restricted and record.restricted_review_on == later
    assert record.restricted_reason == "risk"
    event = _events("disclosures.restriction_kept").get()
    assert event.details["request"] == str(restricted.request.ref)


@pytest.mark.parametrize(
    ("reason", "days", "field"),
    [("", 9, "restricted_reason"), ("risk", 0, "review_on"), ("risk", -3, "review_on")],
)
def test_the_keep_service_refuses_bad_input(therapist, restricted, reason, days, field):
    with pytest.raises(ValidationError) as error:
        restriction_keep(
            actor=therapist,
            record=restricted,
            reason=reason,
            review_on=timezone.localdate() + timedelta(days=days),
        )
    assert field in error.value.error_dict
    _unchanged(restricted)


def test_keeping_is_refused_while_a_lift_waits(therapist, restricted, asked):
    with pytest.raises(ValidationError, match="Withdraw it first"):
        restriction_keep(
            actor=therapist,
            record=restricted,
            reason="risk",
            review_on=timezone.localdate() + timedelta(days=9),
        )
    _unchanged(restricted)


def test_only_the_clients_own_therapist_keeps_a_restriction(therapist2, client_a, restricted):
    later = timezone.localdate() + timedelta(days=9)
    with pytest.raises(PermissionDenied):
        restriction_keep(actor=therapist2, record=restricted, reason="risk", review_on=later)
    url = _url("restriction_review", client_a, restricted)
    response = signed_in(therapist2).post(url, {"restricted_reason": "risk", "review_on": later})
    assert response.status_code == 404
    _unchanged(restricted)


def test_an_unrestricted_disclosure_has_nothing_to_review(
    therapist, supervisor, supervision, client_a
):
    at_state("disclosed", therapist, supervisor, client_a)
    record = DisclosureRecord.objects.get()
    later = timezone.localdate() + timedelta(days=9)
    with pytest.raises(ValidationError, match="not restricted"):
        restriction_keep(actor=therapist, record=record, reason="risk", review_on=later)
    with pytest.raises(ValidationError, match="not restricted"):
        restriction_lift_ask(actor=therapist, record=record, reason="Lift")
    page = signed_in(therapist).get(_url("restriction_review", client_a, record))
    assert "This disclosure is not restricted" in page.content.decode()


# -- the review date ----------------------------------------------------------------------


def test_a_restriction_is_flagged_once_its_review_date_comes(restricted):
    assert not restricted.restriction_review_due
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert restricted.restriction_review_due


def test_the_due_restriction_is_on_both_lists_and_still_restricted(
    therapist, supervisor, client_a, restricted
):
    therapist_list = reverse("disclosure_list")
    queue = reverse("supervisor_dashboard")
    assert "Restriction review due" not in signed_in(therapist).get(therapist_list).content.decode()
    assert "Restriction review due" not in signed_in(supervisor).get(queue).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        mine = signed_in(therapist).get(therapist_list).content.decode()
        assert "Restriction review due: Quentin" in mine
        assert _url("restriction_review", client_a, restricted) in mine
        theirs = signed_in(supervisor).get(queue).content.decode()
        assert "Restriction review due" in theirs
        assert reverse("disclosure_review", kwargs={"ref": restricted.request.ref}) in theirs
        assert "Quentin" not in theirs  # the supervisor sees a record reference, not a name
        _unchanged(restricted)  # the date passing lifts nothing


def test_the_due_restriction_is_not_on_another_supervisors_list(restricted, supervisor2):
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        page = signed_in(supervisor2).get(reverse("supervisor_dashboard")).content.decode()
    assert "Restriction review due" not in page


# -- the data map -------------------------------------------------------------------------


def test_the_data_map_keeps_a_restricted_disclosure_out_of_client_facing_rows(restricted):
    from practice import client_facing, datamap

    entry = datamap.entry_for(DisclosureRecord)
    ref = restricted.case_file.record_ref
    assert list(entry.rows_for(ref)) == [restricted]
    assert list(client_facing.screen_for(ref).rows(entry)) == []


def test_a_request_to_lift_is_on_the_data_map_and_encrypted(restricted, asked):
    from practice import datamap

    entry = datamap.entry_for(RestrictionLift)
    assert entry is not None and set(entry.encrypted_fields) == {"reason", "response"}
    assert list(entry.rows_for(restricted.case_file.record_ref)) == [asked]


def test_an_open_disclosure_request_holds_the_case_file(
    therapist, supervisor, supervision, client_a
):
    from records import holds

    row = at_state("submitted", therapist, supervisor, client_a)
    assert "an open disclosure request" in holds.automatic_reasons(row.case_file)


def test_while_restricted_the_client_rule_hides_every_restriction_event_and_lift(
    therapist, supervisor, restricted
):
    from practice import client_facing, datamap

    later = timezone.localdate() + timedelta(days=60)
    restriction_keep(actor=therapist, record=restricted, reason="risk", review_on=later)
    first = restriction_lift_ask(actor=therapist, record=restricted, reason=LIFT_REASON)
    restriction_lift_withdraw(actor=therapist, lift=first)
    second = restriction_lift_ask(actor=therapist, record=restricted, reason=LIFT_REASON)
    restriction_lift_decide(actor=supervisor, lift=second, decision="decline", response="No")
    ref = restricted.case_file.record_ref
    events = datamap.entry_for(AuditEvent)
    ours = events.rows_for(ref).filter(action__startswith="disclosures.restriction")
    assert ours.count() == 5
    screen = client_facing.screen_for(ref)
    assert not screen.rows(events).filter(action__startswith="disclosures.restriction").exists()
    assert not screen.rows(datamap.entry_for(RestrictionLift)).exists()

    third = restriction_lift_ask(actor=therapist, record=restricted, reason=LIFT_REASON)
    restriction_lift_decide(actor=supervisor, lift=third, decision="agree", response="Yes")
    screen = client_facing.screen_for(ref)
    assert screen.rows(datamap.entry_for(RestrictionLift)).count() == 3
    assert screen.rows(events).filter(action="disclosures.restriction_lifted").exists()


def test_after_the_caseload_moves_the_waiting_request_is_the_new_therapists_to_withdraw(
    therapist, therapist2, supervisor, restricted, asked
):
    from records.models import CaseFile

    CaseFile.objects.filter(pk=restricted.case_file_id).update(therapist=therapist2)
    lift = RestrictionLift.objects.get(pk=asked.pk)
    with pytest.raises(TransitionRefused):  # the asker no longer keeps the client
        restriction_lift_decide(actor=supervisor, lift=lift, decision="agree", response="Yes")
    with pytest.raises(TransitionRefused):
        restriction_lift_withdraw(actor=therapist, lift=lift)
    _unchanged(restricted)
    assert restriction_lift_withdraw(actor=therapist2, lift=lift).status == LiftStatus.WITHDRAWN


@pytest.mark.parametrize("days", [0, -1])
@pytest.mark.parametrize("path", ["disclose", "emergency"])
def test_recording_a_restriction_due_today_or_earlier_is_refused(
    therapist, supervisor, supervision, client_a, days, path
):
    """Every path that sets a restriction asks the same rule: recording it, by either road."""
    row = at_state("approved" if path == "disclose" else "draft", therapist, supervisor, client_a)
    day = timezone.localdate() + timedelta(days=days)
    restricted_facts = facts(
        row, restricted=True, restricted_reason="tipping_off", restricted_review_on=day
    )
    with pytest.raises(ValidationError) as refused:
        if path == "disclose":
            disclosing.request_disclose(actor=therapist, disclosure=row, facts=restricted_facts)
        else:
            disclosing.request_disclose_emergency(
                actor=therapist, disclosure=row, facts=restricted_facts, why_urgent="Risk"
            )
    assert refused.value.message_dict["restricted_review_on"] == [
        "The review date must be in the future."
    ]
    assert not DisclosureRecord.objects.exists()
