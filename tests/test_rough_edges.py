"""The rough edges of a long day (issue 24, item 8), each held by a page test."""

from __future__ import annotations

import re
from collections import Counter
from datetime import time, timedelta
from pathlib import Path

import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clients import services as client_services
from contracting.services import agreement_send
from disclosures.services import drafting
from practice import services as practice_services
from practice.audit.labels import describe_details
from records import services as record_services
from records.models import Note
from subject_access import forms as sar_forms
from tests.conftest import case_file_of, make_client, make_staff, signed_in
from tests.contracting.builders import complete_practice_profile, make_agreement
from tests.subject_access.builders import compiled, log_request


def _session(therapist, case_file, *, days_ago: int):
    return record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=timezone.localdate() - timedelta(days=days_ago),
        start_time=time(10),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )


def _duplicate_ids(html: str) -> list[str]:
    counts = Counter(re.findall(r'\sid="([^"]+)"', html))
    return sorted(name for name, count in counts.items() if count > 1)


# -- "Save, sign and lock" asks first ----------------------------------------------------


def test_signing_a_note_asks_to_confirm_and_keeping_it_a_draft_signs_nothing(therapist):
    client = make_client(therapist)
    note = record_services.note_create(
        actor=therapist, case_file=case_file_of(client), body="Draft words"
    )
    browser = signed_in(therapist)
    url = reverse("note_detail", args=[client.ref, note.ref])
    asked = browser.post(url, {"body": "Final words", "version": note.version, "sign": "1"})
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Sign and lock this note?" in page
    assert "can never be changed or deleted" in page
    assert "No, keep it as a draft" in page
    note.refresh_from_db()
    assert not note.is_signed and note.get_body() == "Final words"  # the draft was saved

    stale = browser.post(url, {"confirm_sign": "1", "version": note.version - 1}, follow=True)
    assert "Not signed: the draft changed since you saw it" in stale.content.decode()
    assert not Note.objects.get(pk=note.pk).is_signed

    signed = browser.post(url, {"confirm_sign": "1", "version": note.version}, follow=True)
    assert "Note signed" in signed.content.decode()
    assert Note.objects.get(pk=note.pk).is_signed


# -- a new note defaults to the session just recorded ------------------------------------


def test_a_new_note_defaults_to_the_session_just_recorded_even_an_older_one(therapist):
    client = make_client(therapist)
    case_file = case_file_of(client)
    _session(therapist, case_file, days_ago=1)
    written_up_late = _session(therapist, case_file, days_ago=10)  # recorded last
    page = signed_in(therapist).get(reverse("note_new", args=[client.ref])).content.decode()
    selected = re.search(r'<option value="([^"]+)" selected>', page)
    assert selected and selected[1] == str(written_up_late.pk)


# -- checkbox labels beside their boxes --------------------------------------------------


def test_a_checkbox_is_followed_by_its_label_in_a_row_the_stylesheet_lays_out(therapist):
    client = make_client(therapist)
    row = drafting.request_start(actor=therapist, case_file=case_file_of(client))
    page = signed_in(therapist).get(reverse("disclosure_emergency", args=[row.ref]))
    html = page.content.decode()
    box = re.search(r'<div class="checkbox">\s*<input type="checkbox"[^>]*id="([^"]+)"', html)
    assert box, "a lone checkbox is rendered as the box first"
    assert re.search(rf'id="{box[1]}"[^>]*>\s*<label for="{box[1]}">', html)
    css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
    assert ".checkbox { display: grid; grid-template-columns: auto 1fr;" in css


# -- the signing link, shown whole, with a copy button -----------------------------------


def test_the_signing_link_is_shown_whole_with_a_copy_button_added_by_script(therapist, db):
    complete_practice_profile()
    client = make_client(therapist, consent=False)
    agreement = make_agreement(therapist, client)
    browser = signed_in(therapist)
    response = browser.post(
        reverse("contracting_send", args=[client.ref, agreement.ref]), {"by_email": ""}
    )
    html = response.content.decode()
    link = re.search(r'<code id="signing-link" data-copy-text>([^<]+)</code>', html)
    assert link and link[1].startswith("http") and "/sign/" in link[1]
    assert "<input" not in html.split("data-copy-link")[1].split("</div>")[0]  # not cut off
    script = re.search(r'<script src="([^"]+copy-link\.js)" defer></script>', html)
    assert script
    assert "<script>" not in html  # no inline script (the CSP forbids it)
    code = (Path(settings.BASE_DIR) / "contracting/static/contracting/copy-link.js").read_text()
    assert "navigator.clipboard" in code and "data-copy-text" in code
    assert agreement_send  # the service that made the link (imported for grep)


# -- reviewers by name; no two controls share an id --------------------------------------


def test_a_subject_access_reviewer_is_chosen_by_name_not_username(therapist, admin_user):
    client = make_client(therapist)
    complete_practice_profile()
    sar = log_request(admin_user, client)
    page = signed_in(admin_user).get(reverse("sar_detail", args=[sar.ref])).content.decode()
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    assert therapist.display_name in options
    assert therapist.username not in options


def test_no_two_controls_on_the_subject_access_page_share_an_id(therapist, admin_user):
    client = make_client(therapist)
    complete_practice_profile()
    for sar in (log_request(admin_user, client), compiled(admin_user, client)):
        page = signed_in(admin_user).get(reverse("sar_detail", args=[sar.ref]))
        assert _duplicate_ids(page.content.decode()) == []
    both = str(sar_forms.ReleaseForm()) + str(sar_forms.RefuseForm())
    assert _duplicate_ids(both) == []
    assert 'name="exemption"' in str(sar_forms.RefuseForm())  # the posted name is unchanged


# -- a first-time visitor is not told their session ended --------------------------------


def test_a_first_time_visitor_is_asked_to_sign_in_without_a_session_ending(client):
    page = client.get(reverse("home"), follow=True).content.decode()
    assert "Please sign in to continue." in page
    assert "session ended" not in page


def test_someone_whose_session_ended_is_told_so(therapist):
    browser = signed_in(therapist)
    browser.get(reverse("therapist_dashboard"))
    later = timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES + 2)
    with time_machine.travel(later, tick=False):
        page = browser.get(reverse("therapist_dashboard"), follow=True).content.decode()
    assert "Your session ended after a period without activity" in page
    again = browser.get(reverse("login")).content.decode()
    assert "session ended" not in again  # told once


# -- the legal-holds page lists automatic holds too -------------------------------------


def test_the_legal_holds_page_lists_files_held_by_an_open_request(therapist, admin_user):
    client = make_client(therapist)
    complete_practice_profile()
    log_request(admin_user, client)
    page = signed_in(admin_user).get(reverse("legal_holds")).content.decode()
    assert "Held automatically (1)" in page
    assert client.record_ref in page
    assert "subject access request" in page.split("Held automatically")[1].split("</table>")[0]


# -- an audit detail never says "changed: none" for a change ----------------------------


def test_a_role_change_does_not_read_as_changed_none(admin_user):
    details = {"fields": [], "roles_before": ["therapist"], "roles_after": ["supervisor"]}
    assert describe_details(details) == "roles before: therapist; roles after: supervisor"
    assert describe_details({"fields": []}) == "no details changed"
    member = make_staff("newcomer", "therapist", first_name="Nia")
    practice_services.staff_update(
        actor=admin_user,
        user=member,
        first_name="Nia",
        last_name="",
        email=member.email,
        roles=["therapist", "supervisor"],
    )
    page = signed_in(admin_user).get(reverse("audit_log")).content.decode()
    assert "changed: none" not in page


# -- the caseload does not mark ended clients as overdue ---------------------------------


def test_the_caseload_marks_only_current_clients_overdue_for_contracting(therapist):
    current = make_client(therapist, given_name="Current")
    ended = make_client(therapist, given_name="Former")
    for client in (current, ended):
        _session(therapist, case_file_of(client), days_ago=3)
    client_services.client_end_therapy(
        actor=therapist, client=ended, last_contact_on=timezone.localdate() - timedelta(days=3)
    )
    page = signed_in(therapist).get(reverse("therapist_dashboard"))
    html = page.content.decode()
    assert html.count("overdue, a session was held without it") == 1
    assert "Not started (therapy ended)" in html
