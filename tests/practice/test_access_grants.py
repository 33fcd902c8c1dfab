"""No one person can give themselves a colleague's clients (issue 19).

A role that reads client data, a supervision link and a caseload move are account
changes: asked by one admin, applied only when another admin approves, never by the one
who gains; a caseload never moves to the person who asked for the move.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.test import Client as Browser
from django.urls import reverse

from clients.models import Client
from practice import account_changes
from practice.access_grants import GRANT_KINDS
from practice.models import AccountChange, AuditEvent, PracticeProfile, Supervision, User
from practice.roles import Role
from tests.conftest import case_file_of, make_client, make_staff, signed_in

Kind, Status = AccountChange.Kind, AccountChange.Status


@pytest.fixture
def admin2(db) -> User:
    return make_staff("admin2", Role.ADMIN, email="admin2@practice.invalid")


@pytest.fixture
def colleague_clients(therapist):
    clients = [
        make_client(therapist, given_name="Quentin", family_name=f"Colleague{n}") for n in (1, 2)
    ]
    return clients


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _staff_form(member: User, roles: list[str], **changes) -> dict:
    return {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "roles": roles,
        **changes,
    }


def _decide(browser: Browser, change: AccountChange, decision: str = "approve"):
    return browser.post(
        reverse("account_change_decide", kwargs={"ref": change.ref, "decision": decision}),
        follow=True,
    )


def _blocked(rule: str) -> list[dict]:
    return [
        details
        for details in AuditEvent.objects.filter(action="auth.account_change_blocked")
        .order_by("seq")
        .values_list("details", flat=True)
        if details["rule"] == rule
    ]


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_admin_self_grant_of_therapist_waits_and_cannot_be_self_approved(admin_user):
    browser = signed_in(admin_user)
    response = browser.post(
        reverse("staff_detail", kwargs={"ref": admin_user.ref}),
        _staff_form(admin_user, ["admin", "therapist"]),
        follow=True,
    )
    assert "another admin must approve" in _messages(response)
    assert _fresh(admin_user).role_names == {"admin"}
    change = AccountChange.objects.get(account=admin_user, kind=Kind.ROLE)
    assert change.role == "therapist" and change.status == Status.PENDING

    response = _decide(browser, change)

    assert "You asked for this change: another admin approves it." in _messages(response)
    change.refresh_from_db()
    assert change.status == Status.PENDING
    assert _fresh(admin_user).role_names == {"admin"}
    assert _blocked("self_approval") == [{"kind": "role", "rule": "self_approval"}]


def test_the_self_grant_and_caseload_move_attack_is_refused_through_the_pages(
    admin_user, admin2, therapist, therapist2, colleague_clients
):
    """The review's attack: self-grant therapist, then move a colleague's caseload to self."""
    attacker = signed_in(admin_user)
    attacker.post(
        reverse("staff_detail", kwargs={"ref": admin_user.ref}),
        _staff_form(admin_user, ["admin", "therapist"]),
    )
    # Even once a second admin has (wrongly or rightly) approved the role...
    grant = AccountChange.objects.get(account=admin_user, kind=Kind.ROLE)
    _decide(signed_in(admin2), grant)
    assert _fresh(admin_user).has_role(Role.THERAPIST)
    # ...the caseload never moves to the person who asks for the move.
    attacker = signed_in(_fresh(admin_user))
    url = reverse("caseload_transfer", kwargs={"ref": therapist.ref})
    response = attacker.post(url, {"successor": admin_user.pk})

    assert response.status_code == 200
    assert "never moves to the person who asks" in response.content.decode()
    assert not AccountChange.objects.filter(kind=Kind.CASELOAD).exists()
    for client in Client.objects.all():
        assert client.therapist_id == therapist.pk
        assert case_file_of(client).therapist_id == therapist.pk
    assert _fresh(therapist).is_active
    assert _blocked("to_asker") == [{"kind": "caseload", "rule": "to_asker"}]
    caseload = attacker.get(reverse("therapist_dashboard")).content.decode()
    assert "Colleague1" not in caseload


def test_a_caseload_moves_only_when_another_admin_approves(
    admin_user, admin2, therapist, therapist2, colleague_clients
):
    asker = signed_in(admin_user)
    url = reverse("caseload_transfer", kwargs={"ref": therapist.ref})
    response = asker.post(url, {"successor": therapist2.pk}, follow=True)
    assert "another admin must approve it" in _messages(response)
    change = AccountChange.objects.get(kind=Kind.CASELOAD)
    assert change.account == therapist and change.counterpart == therapist2
    assert all(client.therapist_id == therapist.pk for client in Client.objects.all())
    # The asker cannot approve; the successor is no admin and would gain: 404 or refused.
    assert "another admin approves it" in _messages(_decide(asker, change))
    assert _fresh(therapist).is_active

    response = _decide(signed_in(admin2), change)

    assert "Approved and applied" in _messages(response)
    assert all(client.therapist_id == therapist2.pk for client in Client.objects.all())
    assert not _fresh(therapist).is_active
    moved = AuditEvent.objects.get(action="clients.caseload_transferred")
    assert moved.actor_id == admin_user.pk and moved.details["change"] == str(change.ref)


def test_an_admin_who_gains_the_caseload_cannot_approve_its_move(
    admin_user, therapist, colleague_clients
):
    both = make_staff("both", Role.ADMIN, Role.THERAPIST)
    change = account_changes.account_change_request(
        actor=admin_user,
        account=therapist,
        kind=Kind.CASELOAD,
        counterpart=both,
    )

    response = _decide(signed_in(both), change)

    assert "You cannot approve a change that gives you access." in _messages(response)
    change.refresh_from_db()
    assert change.status == Status.PENDING
    assert all(client.therapist_id == therapist.pk for client in Client.objects.all())
    assert _blocked("self_benefit") == [{"kind": "caseload", "rule": "self_benefit"}]


def test_self_grant_of_supervisor_and_a_link_to_oneself_need_a_second_admin(
    admin_user, admin2, therapist
):
    attacker = signed_in(admin_user)
    attacker.post(
        reverse("staff_detail", kwargs={"ref": admin_user.ref}),
        _staff_form(admin_user, ["admin", "supervisor"]),
    )
    grant = AccountChange.objects.get(account=admin_user, kind=Kind.ROLE)
    assert "another admin approves it" in _messages(_decide(attacker, grant))
    assert not _fresh(admin_user).has_role(Role.SUPERVISOR)
    # Not a supervisor: the link to oneself cannot even be asked for.
    link_url = reverse("supervision_start", kwargs={"ref": therapist.ref})
    attacker.post(link_url, {"supervisor": admin_user.pk, "starts_on": "2026-01-05"})
    assert not Supervision.objects.exists()
    # With the role approved by admin2, the link to oneself waits for admin2 too.
    _decide(signed_in(admin2), grant)
    attacker = signed_in(_fresh(admin_user))
    response = attacker.post(
        link_url, {"supervisor": admin_user.pk, "starts_on": "2026-01-05"}, follow=True
    )
    assert "another admin (never the supervisor) must approve" in _messages(response)
    link = AccountChange.objects.get(kind=Kind.SUPERVISION)
    assert link.counterpart_id == admin_user.pk

    response = _decide(attacker, link)

    assert "another admin approves it" in _messages(response)
    assert not Supervision.objects.exists()
    assert _blocked("self_approval") == [
        {"kind": "role", "rule": "self_approval"},
        {"kind": "supervision", "rule": "self_approval"},
    ]


def test_the_supervisor_named_in_a_link_cannot_approve_it(admin_user, admin2, therapist):
    both = make_staff("both", Role.ADMIN, Role.SUPERVISOR)
    change = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind=Kind.SUPERVISION, counterpart=both
    )
    response = _decide(signed_in(both), change)
    assert "gives you access" in _messages(response)
    assert not Supervision.objects.exists()
    _decide(signed_in(admin2), change)
    assert Supervision.objects.get().supervisor_id == both.pk


def test_a_supervisor_cannot_approve_a_grant_to_their_supervisee(
    admin_user, therapist, supervisor, supervision
):
    change = account_changes.account_change_request(
        actor=admin_user, account=therapist, kind=Kind.ROLE, role="supervisor"
    )
    response = _decide(signed_in(supervisor), change)
    assert response.status_code == 404
    assert not _fresh(therapist).has_role(Role.SUPERVISOR)
    assert change not in account_changes.pending_for(supervisor)


def test_a_new_colleague_gets_a_role_that_reads_client_data_only_on_approval(admin_user, admin2):
    browser = signed_in(admin_user)
    browser.post(
        reverse("staff_create"),
        {
            "username": "newcounsellor",
            "roles": ["therapist"],
            "password": "a-new-long-password-42",
        },
    )
    user = User.objects.get(username="newcounsellor")
    assert user.role_names == set()
    change = AccountChange.objects.get(account=user, kind=Kind.ROLE)
    _decide(signed_in(admin2), change)
    assert _fresh(user).role_names == {"therapist"}


def test_removing_a_role_is_at_once(admin_user, therapist):
    signed_in(admin_user).post(
        reverse("staff_detail", kwargs={"ref": therapist.ref}), _staff_form(therapist, [])
    )
    assert _fresh(therapist).role_names == set()
    assert not AccountChange.objects.exists()


def test_sole_admin_practice_the_data_protection_contact_approves_on_the_server(
    admin_user, therapist, mailoutbox, django_capture_on_commit_callbacks
):
    PracticeProfile.objects.update_or_create(pk=1, defaults={"email": "dpo@practice.invalid"})
    with django_capture_on_commit_callbacks(execute=True):
        change = account_changes.account_change_request(
            actor=admin_user, account=admin_user, kind=Kind.ROLE, role="therapist"
        )
    # The practice's own address hears of every grant: a witness when there is one admin.
    assert any("dpo@practice.invalid" in message.to for message in mailoutbox)

    call_command("account_change", approve=str(change.ref))

    assert _fresh(admin_user).role_names == {"admin", "therapist"}
    change.refresh_from_db()
    assert change.decided_by_label == "server-command"


def test_the_first_account_may_be_therapist_and_admin_and_only_the_first(db, monkeypatch):
    monkeypatch.setenv("FIRST_ACCOUNT_PASSWORD", "a-sole-practitioner-password-7")
    call_command("first_account", "sole", "--email", "sole@practice.invalid", "--therapist")
    sole = User.objects.get(username="sole")
    assert sole.role_names == {"admin", "therapist"}
    assert sole.check_password("a-sole-practitioner-password-7")
    assert not AccountChange.objects.exists()
    with pytest.raises(CommandError, match="already has accounts"):
        call_command("first_account", "second", "--therapist")


def test_a_person_cannot_start_a_supervision_link_directly(admin_user, therapist, supervisor):
    from django.core.exceptions import PermissionDenied

    from practice import services

    with pytest.raises(PermissionDenied):
        services.supervision_start(actor=admin_user, therapist=therapist, supervisor=supervisor)
    assert not Supervision.objects.exists()
    assert _blocked("no_second_person") == [{"kind": "supervision", "rule": "no_second_person"}]


def test_the_admin_role_waits_for_a_second_admin_too(admin_user, admin2):
    """Else a second admin account set up by the first alone would approve its grants."""
    browser = signed_in(admin_user)
    browser.post(
        reverse("staff_create"),
        {"username": "puppet", "roles": ["admin"], "password": "a-new-long-password-42"},
    )
    puppet = User.objects.get(username="puppet")
    assert puppet.role_names == set()
    grant = AccountChange.objects.get(account=puppet, kind=Kind.ROLE)
    assert grant.role == "admin"
    _decide(signed_in(admin2), grant)
    assert _fresh(puppet).role_names == {"admin"}


# -- the table of who may decide which kind of change, walked whole ------------------------

# party -> kinds that party may approve. Parties: the requester (an admin), the account,
# the counterpart (the new supervisor, the caseload's new therapist), another admin, the
# account's supervisor, an unrelated therapist.
MAY_APPROVE = {
    "requester": set(),
    "account": set(),
    "counterpart": set(),
    "other_admin": {
        Kind.EMAIL,
        Kind.PASSWORD,
        Kind.SECOND_FACTOR,
        Kind.ROLE,
        Kind.SUPERVISION,
        Kind.CASELOAD,
    },
    "account_supervisor": {Kind.EMAIL, Kind.PASSWORD, Kind.SECOND_FACTOR},
    "unrelated_therapist": set(),
}


def test_the_table_names_every_kind():
    assert set().union(*MAY_APPROVE.values()) == set(Kind.values)
    assert set(Kind.values) >= GRANT_KINDS


@pytest.mark.parametrize("kind", Kind.values)
def test_every_party_for_every_kind(kind, admin_user, admin2, therapist, supervisor, supervision):
    counterpart = {
        Kind.SUPERVISION: make_staff("newsupervisor", Role.SUPERVISOR),
        Kind.CASELOAD: make_staff("successor", Role.THERAPIST),
    }.get(kind)
    make_client(therapist)
    change = account_changes.account_change_request(
        actor=admin_user,
        account=therapist,
        kind=kind,
        new_email="new@practice.invalid" if kind == Kind.EMAIL else "",
        role="supervisor" if kind == Kind.ROLE else "",
        counterpart=counterpart,
    )
    parties = {
        "requester": admin_user,
        "account": therapist,
        "counterpart": counterpart,
        "other_admin": admin2,
        "account_supervisor": supervisor,
        "unrelated_therapist": make_staff("unrelated", Role.THERAPIST),
    }
    for party, actor in parties.items():
        if actor is None:
            continue
        expected = kind in MAY_APPROVE[party]
        assert account_changes.can_approve(actor, change) == expected, party
        listed = account_changes.pending_for(actor).filter(pk=change.pk).exists()
        assert listed == (expected or party == "requester"), party
        if not expected:  # through the page too: refused (or not found), nothing changes
            response = _decide(signed_in(actor), change)
            assert response.status_code == 404 or "Approved" not in _messages(response), party
            change.refresh_from_db()
            assert change.status == Status.PENDING, party
    response = _decide(signed_in(admin2), change)
    assert "Approved and applied" in _messages(response)
    change.refresh_from_db()
    assert change.status == Status.APPLIED and change.decided_by_id == admin2.pk
