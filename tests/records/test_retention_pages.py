"""The admin's retention pages, the two commands and the therapist's "added by mistake"."""

from __future__ import annotations

from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import reset_queries
from django.urls import reverse
from django.utils import timezone

from clients import services as client_services
from practice.models import AuditEvent
from records import disposal, holds, retention
from records import services as record_services
from records.audit_actions import Action
from records.models import LegalHold, Tombstone
from tests.conftest import case_file_of, make_client, signed_in


def _ended(therapist, last_contact=date(2015, 3, 1), **values):
    client = make_client(therapist, given_name="Ottoline", family_name="Quarrendon", **values)
    client_services.client_end_therapy(actor=therapist, client=client, last_contact_on=last_contact)
    return client


def test_the_overview_lists_due_held_upcoming_and_disposed_without_identity(therapist, admin_user):
    due = _ended(therapist)
    held = _ended(therapist)
    holds.legal_hold_place(actor=admin_user, case_file=case_file_of(held), kind="court")
    in_30_days = timezone.localdate() + timedelta(days=30)
    soon = _ended(therapist, last_contact=retention.add_years(in_30_days, -7))
    gone = _ended(therapist)
    still_open = make_client(therapist)
    holds.legal_hold_place(actor=admin_user, case_file=case_file_of(due), kind="complaint")
    disposal.dispose_due(actor=admin_user, record_refs=[gone.record_ref])

    body = signed_in(admin_user).get(reverse("retention_overview")).content.decode()

    for client in (due, held, soon, gone):
        assert client.record_ref in body
    assert still_open.record_ref not in body
    assert "Held (2)" in body and "Due for disposal now (0)" in body
    assert "Falling due in the next 90 days (1)" in body
    assert "Ottoline" not in body and "Quarrendon" not in body
    assert "Legal hold (court case or legal proceedings), placed by admin" in body
    assert "7 years after last contact" in body  # the tombstone's policy


def test_an_admin_places_and_lifts_a_hold_from_the_page(therapist, admin_user):
    client = _ended(therapist)
    browser = signed_in(admin_user)

    response = browser.post(
        reverse("legal_holds"),
        {"record_ref": client.record_ref.lower(), "kind": "complaint", "details": "Ref C-12"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.placed_by == admin_user and hold.in_force
    assert hold.details.startswith("v1:")  # the reason is stored encrypted
    page = browser.get(reverse("disposal")).content.decode()
    assert "Due but held" in page and client.record_ref in page

    response = browser.post(reverse("legal_hold_lift", args=[hold.ref]))
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_by == admin_user
    actions = AuditEvent.objects.filter(target_ref=client.record_ref).values_list(
        "action", flat=True
    )
    assert Action.HOLD_PLACED in actions and Action.HOLD_LIFTED in actions


def test_a_hold_on_an_unknown_reference_is_refused(admin_user):
    response = signed_in(admin_user).post(
        reverse("legal_holds"), {"record_ref": "R-NOSUCHFILE22", "kind": "court"}
    )
    assert response.status_code == 200
    assert "No case file has that reference." in response.content.decode()
    assert not LegalHold.objects.exists()


def test_lifting_a_lifted_hold_is_refused(therapist, admin_user):
    hold = holds.legal_hold_place(
        actor=admin_user, case_file=case_file_of(_ended(therapist)), kind="court"
    )
    holds.legal_hold_lift(actor=admin_user, hold=hold)
    response = signed_in(admin_user).post(reverse("legal_hold_lift", args=[hold.ref]), follow=True)
    assert "This hold was already lifted." in response.content.decode()


def test_the_disposal_page_needs_the_confirmation(therapist, admin_user):
    client = _ended(therapist)
    browser = signed_in(admin_user)
    response = browser.post(reverse("disposal"), {"record_refs": [client.record_ref]})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Tombstone.objects.exists()

    response = browser.post(
        reverse("disposal"), {"record_refs": [client.record_ref], "confirm": "on"}, follow=True
    )
    assert f"Disposed of 1 case file: {client.record_ref}" in response.content.decode()
    assert Tombstone.objects.get().is_complete


def test_the_disposal_page_cannot_be_asked_for_a_file_not_due(therapist, admin_user):
    client = _ended(therapist, last_contact=timezone.localdate())
    response = signed_in(admin_user).post(
        reverse("disposal"), {"record_refs": [client.record_ref], "confirm": "on"}
    )
    assert response.status_code == 200
    assert not Tombstone.objects.exists()


def test_a_therapist_removes_a_client_added_by_mistake(therapist):
    client = make_client(therapist)
    browser = signed_in(therapist)
    page = browser.get(reverse("client_remove", args=[client.ref])).content.decode()
    assert "Remove this client for good" in page

    response = browser.post(reverse("client_remove", args=[client.ref]), follow=True)

    assert f"reference {client.record_ref}" in response.content.decode()
    assert Tombstone.objects.get().reason == Tombstone.Reason.ADDED_BY_MISTAKE
    assert browser.get(reverse("client_detail", args=[client.ref])).status_code == 404


def test_a_client_with_a_session_cannot_be_removed_as_a_mistake(therapist):
    client = make_client(therapist)
    record_services.session_save(
        actor=therapist,
        case_file=case_file_of(client),
        date=timezone.localdate(),
        start_time=time(9),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    browser = signed_in(therapist)
    response = browser.post(reverse("client_remove", args=[client.ref]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This client cannot be removed" in body and "sessions or notes" in body
    assert not Tombstone.objects.exists()


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_dispose_due_dry_run_lists_what_and_why_and_changes_nothing(therapist, admin_user):
    due = _ended(therapist)
    held = _ended(therapist)
    holds.legal_hold_place(actor=admin_user, case_file=case_file_of(held), kind="court")

    out = _run("dispose_due", "--dry-run")

    assert f"DUE   {due.record_ref}: last contact 01 Mar 2015" in out
    assert "kept until 01 Mar 2022 (the adult period after the last contact)" in out
    assert f"HELD  {held.record_ref}: Legal hold (court case" in out
    assert "Dry run: 1 due, 1 held, 0 unfinished" in out
    assert "Ottoline" not in out
    assert not Tombstone.objects.exists()


def test_dispose_due_confirm_needs_an_admin(therapist, admin_user):
    _ended(therapist)
    with pytest.raises(CommandError, match="--by"):
        _run("dispose_due", "--confirm")
    with pytest.raises(CommandError, match="--by"):
        _run("dispose_due", "--confirm", "--by", therapist.username)
    assert not Tombstone.objects.exists()


def test_dispose_due_confirm_disposes_and_says_what(therapist, admin_user):
    due = _ended(therapist)
    out = _run("dispose_due", "--confirm", "--by", admin_user.username)
    assert f"DISPOSED {due.record_ref}: key destroyed" in out
    assert "clients.Client 1" in out
    assert "Disposed of 1 case file(s)." in out
    assert Tombstone.objects.get().confirmed_by == admin_user


def test_retention_report_lists_references_and_tombstones_without_identity(therapist, admin_user):
    gone = _ended(therapist)
    disposal.dispose_due(actor=admin_user)
    due = _ended(therapist)

    out = _run("retention_report", "--since", "2000-01-01")

    assert "Due for disposal now: 1" in out and due.record_ref in out
    assert "Disposed of: 1" in out and gone.record_ref in out and "by admin" in out
    assert "Ottoline" not in out and "Quarrendon" not in out
    with pytest.raises(CommandError, match="Not a date"):
        _run("retention_report", "--since", "yesterday")


def test_disposal_from_the_page_needs_a_fresh_second_factor(therapist, admin_user):
    from practice.two_factor import VERIFIED_AT_SESSION_KEY

    client = _ended(therapist)
    browser = signed_in(admin_user)
    session = browser.session
    session[VERIFIED_AT_SESSION_KEY] = 0  # passed the second factor long ago
    session.save()
    data = {"record_refs": [client.record_ref], "confirm": "on"}

    page = browser.get(reverse("disposal")).content.decode()
    response = browser.post(reverse("disposal"), data)
    refused = browser.post(reverse("disposal"), {**data, "reauth_code": "000000"})

    assert "needed to dispose" in page
    assert "Enter the code your app shows now." in response.content.decode()
    assert "That code is wrong" in refused.content.decode()
    assert not Tombstone.objects.exists()


def test_added_by_mistake_is_offered_only_where_removal_would_be_accepted(therapist, admin_user):
    fresh = make_client(therapist)
    with_session = make_client(therapist)
    record_services.session_save(
        actor=therapist,
        case_file=case_file_of(with_session),
        date=timezone.localdate(),
        start_time=time(9),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    with_note = make_client(therapist)
    record_services.note_create(actor=therapist, case_file=case_file_of(with_note), body="A note")
    held = make_client(therapist)
    holds.legal_hold_place(actor=admin_user, case_file=case_file_of(held), kind="court")
    browser = signed_in(therapist)
    offered = {}
    for client in (fresh, with_session, with_note, held):
        page = browser.get(reverse("client_detail", args=[client.ref])).content.decode()
        offered[client] = "Added by mistake?" in page
        refusal = disposal.disposal_refusal(
            case_file_of(client), reason=disposal.Reason.ADDED_BY_MISTAKE
        )
        # The link and the page it leads to ask the same rule.
        assert offered[client] == (refusal == "")
        assert disposal.may_remove_as_mistake(therapist, case_file_of(client)) == (refusal == "")
    assert offered == {fresh: True, with_session: False, with_note: False, held: False}
    assert not disposal.may_remove_as_mistake(admin_user, case_file_of(fresh))  # not theirs


def test_the_client_page_asks_one_query_more_only_for_a_file_with_no_sessions_or_notes(
    therapist, django_assert_max_num_queries
):
    """The page passes what it has already counted, so a client with sessions or notes
    keeps the page's budget; only a file with neither asks (holds) in one query."""
    fresh = make_client(therapist)
    browser = signed_in(therapist)
    url = reverse("client_detail", args=[fresh.ref])

    def holds_asked() -> bool:
        browser.get(url)  # warm
        reset_queries()  # an almost full query log would hide the page's later queries
        with django_assert_max_num_queries(27) as page:
            browser.get(url)
        return any("records_legalhold" in query["sql"] for query in page.captured_queries)

    assert holds_asked()
    record_services.note_create(actor=therapist, case_file=case_file_of(fresh), body="A note")
    assert not holds_asked()
