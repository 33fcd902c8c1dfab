"""The breach register's pages: recording a breach, picking the case files it touched from
the list or from the audit trail, the 72-hour clock on the register and the breach with a
late one flagged, refusals explained on the page, and the affected client's next subject
access answer holding the breach (an unaffected client's does not)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import reset_queries
from django.urls import reverse
from django.utils import timezone

from practice.idempotency import new_token
from rights.models import Breach, BreachRecord
from subject_access import release
from tests.conftest import case_file_of, make_client, signed_in
from tests.rights.builders import breach_assessed, breach_found, breach_reported
from tests.subject_access.builders import compiled

pytestmark = pytest.mark.django_db(databases="__all__")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_admin_records_a_breach(admin_user):
    browser = signed_in(admin_user)
    found = timezone.now() - timedelta(hours=5)
    response = browser.post(
        reverse("breach_new"),
        {
            "discovered_at": _local(found),
            "people_affected": "2",
            "what_happened": "Florimund's letter went to the wrong address.",
            "for_client": "A letter about you went to the wrong address.",
            "form_token": new_token(),
        },
    )
    breach = Breach.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("breach_detail", kwargs={"ref": breach.ref})
    page = browser.get(response["Location"]).content.decode()
    assert "Florimund&#x27;s letter went to the wrong address." in page
    assert "67 hours left to report" in page or "66 hours left to report" in page


def test_a_bad_form_is_refused_with_a_summary_and_nothing_kept(admin_user):
    response = signed_in(admin_user).post(
        reverse("breach_new"),
        {
            "discovered_at": "not a date",
            "people_affected": "",
            "what_happened": "",
            "for_client": "",
            "form_token": new_token(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and "Enter a real date and time" in page
    assert not Breach.objects.exists()


def test_the_register_puts_the_nearest_deadline_first_and_flags_a_late_one(admin_user):
    later = breach_found(admin_user, hours_ago=1)
    overdue = breach_found(admin_user, hours_ago=75)
    late_report = breach_assessed(admin_user, hours_ago=90)
    from rights import services

    services.breach_ico_notify(
        actor=admin_user,
        breach=late_report,
        notified_at=timezone.now() - timedelta(hours=10),
        ico_reference="ICO-LATE",
        late_reasons="Found at the weekend.",
    )
    page = signed_in(admin_user).get(reverse("breach_list")).content.decode()
    assert page.index(overdue.reference) < page.index(later.reference)
    assert page.index(later.reference) < page.index(late_report.reference)
    assert "ICO report overdue by 3 hours" in page
    assert "Reported to the ICO 8 hours late" in page
    assert "70 hours left to report" in page  # whole hours: 70 and some minutes


def test_the_breach_page_flags_an_overdue_report(admin_user):
    breach = breach_assessed(admin_user, hours_ago=73)
    page = (
        signed_in(admin_user)
        .get(reverse("breach_detail", kwargs={"ref": breach.ref}))
        .content.decode()
    )
    assert "The ICO report is overdue" in page and "1 hour overdue" in page


def test_a_refused_assessment_is_explained_and_changes_nothing(admin_user):
    breach = breach_found(admin_user)
    response = signed_in(admin_user).post(
        reverse("breach_assess", kwargs={"ref": breach.ref}),
        {
            "risk": "high",
            "assessment": "Health details could be read.",
            "notify_ico": "no",
            "notify_people": "no",
            "reasons": "We would rather not.",
        },
    )
    assert response.status_code == 400
    assert "must be reported to the ICO" in response.content.decode()
    breach.refresh_from_db()
    assert breach.status == "recorded" and breach.risk == ""


def test_case_files_are_picked_from_the_list(admin_user, therapist):
    case_file = case_file_of(make_client(therapist))
    breach = breach_found(admin_user)
    browser = signed_in(admin_user)
    url = reverse("breach_records", kwargs={"ref": breach.ref})
    assert case_file.record_ref in browser.get(url).content.decode()
    response = browser.post(url, {"record_refs": [case_file.record_ref], "form_token": new_token()})
    assert response.status_code == 302
    assert list(breach.records.values_list("record_ref", flat=True)) == [case_file.record_ref]


def test_case_files_are_found_in_the_audit_trail_by_who_when_and_what(
    admin_user, therapist, therapist2
):
    mine = case_file_of(make_client(therapist))
    theirs = case_file_of(make_client(therapist2))
    breach = breach_found(admin_user)
    browser = signed_in(admin_user)
    url = reverse("breach_records", kwargs={"ref": breach.ref})
    window = {
        "staff": str(therapist.ref),
        "start": _local(timezone.now() - timedelta(hours=1)),
        "end": _local(timezone.now() + timedelta(minutes=5)),
        "action": "",
    }
    page = browser.get(url, window).content.decode()
    assert mine.record_ref in page and theirs.record_ref not in page
    response = browser.post(
        f"{url}?{'&'.join(f'{k}={v}' for k, v in window.items())}",
        {"record_refs": [mine.record_ref], "form_token": new_token()},
    )
    assert response.status_code == 302
    assert BreachRecord.objects.get().record_ref == mine.record_ref
    # A case file the search did not offer cannot be slipped in.
    other = breach_found(admin_user)
    refused = browser.post(
        f"{reverse('breach_records', kwargs={'ref': other.ref})}?"
        + "&".join(f"{k}={v}" for k, v in window.items()),
        {"record_refs": [theirs.record_ref], "form_token": new_token()},
    )
    assert refused.status_code == 400 and not other.records.exists()


def test_the_register_keeps_its_query_count_as_breaches_grow(
    admin_user, therapist, django_assert_max_num_queries
):
    browser = signed_in(admin_user)
    url = reverse("breach_list")

    def counted() -> int:
        browser.get(url)
        reset_queries()
        with django_assert_max_num_queries(30) as page:
            browser.get(url)
        return len(page.captured_queries)

    breach_found(admin_user)
    few = counted()
    for _ in range(4):
        breach_reported(admin_user)
    assert counted() == few


def _answer_text(admin, therapist, client) -> str:
    sar = compiled(admin, client)
    bundle = release.sar_draft_open(actor=therapist, sar=sar)
    return json.dumps(bundle)


def test_an_affected_clients_next_answer_holds_the_breach_and_another_clients_does_not(
    admin_user, therapist
):
    from rights import services

    affected = make_client(therapist, given_name="Affected")
    untouched = make_client(therapist, given_name="Untouched")
    breach = breach_reported(
        admin_user,
        what="Register-only words: Pomegranatewhistle",
        for_client="A letter about your appointments went to the wrong house.",
    )
    services.breach_records_add(
        actor=admin_user, breach=breach, record_refs=[case_file_of(affected).record_ref]
    )
    services.breach_remediate(
        actor=admin_user,
        breach=breach,
        remediation="Register-only: Lanternquibble retrieved it",
        done_for_client="We got the letter back and now check addresses twice.",
    )
    held = _answer_text(admin_user, therapist, affected)
    assert breach.reference in held
    assert "A letter about your appointments went to the wrong house." in held
    assert "We got the letter back and now check addresses twice." in held
    # Only what a client should read: never the register's own account or assessment.
    for register_only in ("Pomegranatewhistle", "Lanternquibble", "The laptop was not encrypted"):
        assert register_only not in held
    assert breach.reference not in _answer_text(admin_user, therapist, untouched)
