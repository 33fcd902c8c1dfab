"""A therapist leaves: one admin asks to move the caseload to a colleague, a second admin
approves, and it moves all of it or nothing."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from clients import services
from clients.models import Client
from contracting import selectors as contracting_selectors
from contracting.models import Agreement
from practice import account_changes
from practice.models import AuditEvent, User
from practice.roles import Role
from records import services as record_services
from tests.conftest import case_file_of, make_client, make_staff, signed_in
from tests.contracting.builders import acknowledge_on_paper, make_agreement, make_sent_agreement


def _url(user: User) -> str:
    return reverse("caseload_transfer", kwargs={"ref": user.ref})


def _second_admin() -> User:
    return User.objects.filter(username="admin2").first() or make_staff("admin2", Role.ADMIN)


def _move(*, actor: User, leaver: User, successor: User) -> services.CaseloadMoved:
    """Asked by `actor`, approved by a second admin: the only way a caseload moves."""
    change = services.caseload_transfer_request(actor=actor, leaver=leaver, successor=successor)
    account_changes.account_change_approve(actor=_second_admin(), change=change)
    details = AuditEvent.objects.filter(action="clients.caseload_transferred").first().details
    return services.CaseloadMoved(
        case_files=details["case_files"],
        clients=details["clients"],
        agreements_flagged=details["agreements_flagged"],
    )


@pytest.fixture
def caseload(therapist):
    """Two open clients (one acknowledged, one with a live signing link) and an ended one."""
    settled = make_client(therapist, given_name="Quentin", family_name="Settledperson")
    record_services.note_create(
        actor=therapist, case_file=case_file_of(settled), body="Session one went well."
    )
    acknowledge_on_paper(therapist, make_agreement(therapist, settled))
    waiting = make_client(therapist, given_name="Ulla", family_name="Waitingperson")
    _, token = make_sent_agreement(therapist, waiting)
    ended = make_client(therapist, given_name="Esme", family_name="Endedperson")
    acknowledge_on_paper(therapist, make_agreement(therapist, ended))
    services.client_end_therapy(actor=therapist, client=ended, last_contact_on=timezone.localdate())
    return {"settled": settled, "waiting": waiting, "ended": ended, "token": token}


def test_admin_moves_the_caseload_and_the_leaver_is_deactivated(
    admin_user, therapist, therapist2, caseload
):
    admin = signed_in(admin_user)
    page = admin.get(_url(therapist)).content.decode()
    assert "holds 3 case files: 2 open and 1 closed" in page
    assert "Settledperson" not in page  # the admin sees numbers, never names

    response = admin.post(_url(therapist), {"successor": therapist2.pk})
    assert response["Location"] == reverse("staff_detail", kwargs={"ref": therapist.ref})
    _nothing_moved(therapist)
    change = account_changes.pending_of(therapist)[0]
    decide = reverse("account_change_decide", kwargs={"ref": change.ref, "decision": "approve"})

    done = signed_in(_second_admin()).post(decide, follow=True).content.decode()

    assert "Approved and applied" in done
    for client in Client.objects.all():
        assert client.therapist_id == therapist2.pk
        assert case_file_of(client).therapist_id == therapist2.pk
    assert not User.objects.get(pk=therapist.pk).is_active
    # The new therapist has the clients and their notes; the leaver has nothing.
    successor = signed_in(therapist2)
    assert "Settledperson" in successor.get(reverse("therapist_dashboard")).content.decode()
    detail = reverse("client_detail", kwargs={"ref": caseload["settled"].ref})
    assert "Session one went well." in successor.get(detail).content.decode()


def test_the_move_is_audited_with_references_only(admin_user, therapist, therapist2, caseload):
    _move(actor=admin_user, leaver=therapist, successor=therapist2)
    moved = AuditEvent.objects.filter(action="records.case_file_transferred")
    assert sorted(moved.values_list("target_ref", flat=True)) == sorted(
        client.record_ref for client in Client.objects.all()
    )
    assert all(
        event.details == {"from": str(therapist.ref), "to": str(therapist2.ref)} for event in moved
    )
    summary = AuditEvent.objects.get(action="clients.caseload_transferred")
    assert summary.target_ref == str(therapist.ref) and summary.actor_label == "admin"
    assert summary.details == {
        "to": str(therapist2.ref),
        "case_files": 3,
        "clients": 3,
        "agreements_flagged": 2,
        "change": summary.details["change"],
    }
    assert AuditEvent.objects.filter(
        action="staff.deactivated", target_ref=str(therapist.ref)
    ).exists()


def test_each_open_client_needs_a_new_agreement_and_old_links_stop_working(
    admin_user, therapist, therapist2, caseload
):
    _move(actor=admin_user, leaver=therapist, successor=therapist2)
    states = contracting_selectors.contracting_states(
        [caseload["settled"].record_ref, caseload["waiting"].record_ref]
    )
    assert states[caseload["settled"].record_ref].key == "out_of_date"
    assert states[caseload["waiting"].record_ref].key == "not_started"
    assert not Agreement.objects.filter(status__in=["prepared", "sent"]).exists()
    sign = reverse("contracting_sign", kwargs={"token": caseload["token"]})
    assert Browser().get(sign).status_code == 410
    ended = Agreement.objects.get(case_file__record_ref=caseload["ended"].record_ref)
    assert ended.outdated_at is None  # therapy has ended: no new agreement to ask for


@pytest.mark.parametrize(
    ("successor_name", "message"),
    [
        ("therapist", "Select a valid choice"),  # the leaver themselves
        ("supervisor", "Select a valid choice"),  # not a therapist
        ("inactive", "Select a valid choice"),  # a therapist who has left too
    ],
)
def test_the_successor_must_be_another_active_therapist(
    admin_user, therapist, supervisor, caseload, successor_name, message
):
    inactive = make_staff("inactive", Role.THERAPIST)
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    inactive.refresh_from_db()
    successor = {"therapist": therapist, "supervisor": supervisor, "inactive": inactive}
    response = signed_in(admin_user).post(
        _url(therapist), {"successor": successor[successor_name].pk}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    _nothing_moved(therapist)
    with pytest.raises(ValidationError, match="another therapist"):
        _move(actor=admin_user, leaver=therapist, successor=successor[successor_name])
    _nothing_moved(therapist)


def _nothing_moved(therapist: User) -> None:
    therapist.refresh_from_db()
    assert therapist.is_active
    assert all(client.therapist_id == therapist.pk for client in Client.objects.all())
    assert all(case_file_of(c).therapist_id == therapist.pk for c in Client.objects.all())
    assert not AuditEvent.objects.filter(action__endswith="transferred").exists()


def test_an_admin_cannot_hand_over_their_own_caseload(therapist2):
    both = make_staff("both", Role.THERAPIST, Role.ADMIN)
    make_client(both)
    response = signed_in(both).post(_url(both), {"successor": therapist2.pk})
    assert "ask another admin" in response.content.decode()
    assert Client.objects.get().therapist_id == both.pk
    assert User.objects.get(pk=both.pk).is_active


def test_only_an_admin_may_move_a_caseload(therapist, therapist2, caseload):
    with pytest.raises(PermissionDenied):
        _move(actor=therapist2, leaver=therapist, successor=therapist2)
    response = signed_in(therapist2).post(_url(therapist), {"successor": therapist2.pk})
    assert response.status_code == 403
    _nothing_moved(therapist)


def test_a_leaver_with_no_case_files_is_refused_and_stays_active(admin_user, therapist, therapist2):
    admin = signed_in(admin_user)
    assert "nothing to move" in admin.get(_url(therapist)).content.decode()
    with pytest.raises(ValidationError, match="no case files to move"):
        _move(actor=admin_user, leaver=therapist, successor=therapist2)
    assert User.objects.get(pk=therapist.pk).is_active


def test_a_stale_second_factor_moves_nothing(admin_user, therapist, therapist2, caseload):
    admin = signed_in(admin_user)
    with time_machine.travel(time.time() + 10 * 60):
        response = admin.post(_url(therapist), {"successor": therapist2.pk})
    assert response["Location"].startswith(reverse("two_factor_confirm"))
    _nothing_moved(therapist)


def test_an_already_deactivated_leaver_can_still_be_handed_over(
    admin_user, therapist, therapist2, caseload
):
    User.objects.filter(pk=therapist.pk).update(is_active=False)
    staff_page = signed_in(admin_user).get(reverse("staff_detail", kwargs={"ref": therapist.ref}))
    assert _url(therapist) in staff_page.content.decode()
    moved = _move(actor=admin_user, leaver=User.objects.get(pk=therapist.pk), successor=therapist2)
    assert moved.case_files == 3
    assert not AuditEvent.objects.filter(action="staff.deactivated").exists()


def test_a_half_finished_move_completes_when_run_again(admin_user, therapist, therapist2, caseload):
    """Identity commits before the records database; if the second commit failed, the
    clients point at the successor while their case files still belong to the leaver."""
    Client.objects.update(therapist_id=therapist2.pk)
    moved = _move(actor=admin_user, leaver=therapist, successor=therapist2)
    assert moved.case_files == 3
    for client in Client.objects.all():
        assert client.therapist_id == case_file_of(client).therapist_id == therapist2.pk


def test_a_move_committed_only_on_the_records_side_completes_when_run_again(
    admin_user, therapist, therapist2, caseload
):
    """Should the records database commit and identity fail, the clients still name the
    leaver while their case files are the successor's: identity follows the case file."""
    from records.models import CaseFile

    CaseFile.objects.update(therapist=therapist2)
    page = signed_in(admin_user).get(_url(therapist)).content.decode()
    assert "3 clients are listed under therapist: an earlier move did not finish" in page
    moved = _move(actor=admin_user, leaver=therapist, successor=therapist2)
    assert moved.case_files == 0 and moved.clients == 3
    assert all(client.therapist_id == therapist2.pk for client in Client.objects.all())


def test_the_move_takes_a_bounded_number_of_queries(
    admin_user, therapist, therapist2, caseload, django_assert_max_num_queries
):
    change = services.caseload_transfer_request(
        actor=admin_user, leaver=therapist, successor=therapist2
    )
    approver = _second_admin()
    # A fixed part (the approval, its notices, the move), then one audit event (five
    # statements) per case file: no per-client reads.
    with django_assert_max_num_queries(45 + 5 * 3):
        account_changes.account_change_approve(actor=approver, change=change)
