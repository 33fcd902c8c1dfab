"""The subject access pages as the admin and the reviewer use them."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from practice.models import AuditEvent
from subject_access.models import Redaction, Status, SubjectAccessRequest
from tests.conftest import make_client, signed_in
from tests.subject_access.builders import (
    THIRD_PARTY_FORM,
    add_notes,
    compiled,
    log_request,
    released_request,
    run_queued_tasks,
)


@pytest.fixture
def client_(therapist):
    return make_client(therapist, given_name="Wilhelmina")


def test_admin_finds_the_client_and_logs_a_request(admin_user, client_):
    page = signed_in(admin_user)
    found = page.get(reverse("sar_new"), {"q": "wilhelmina"})
    assert f"?client={client_.ref}" in found.content.decode()
    response = page.post(
        reverse("sar_new") + f"?client={client_.ref}",
        {
            "client": client_.ref,
            "received_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "channel": "email",
            "requester": "client",
            "identity_method": "known",
            "identity_confirmed_on": timezone.localdate().isoformat(),
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "sar_detail", args=[sar.ref]
    )
    assert sar.status == Status.OPEN and sar.record_ref == client_.record_ref


def test_a_refused_log_says_why_and_stores_nothing(admin_user, client_):
    response = signed_in(admin_user).post(
        reverse("sar_new") + f"?client={client_.ref}",
        {
            "client": client_.ref,
            "received_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "channel": "email",
            "requester": "representative",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "cannot be in the future" in body
    assert not SubjectAccessRequest.objects.exists()


def test_dashboard_lists_open_requests_by_due_date_overdue_first(
    admin_user, therapist, django_assert_max_num_queries
):
    today = timezone.localdate()
    late = log_request(admin_user, make_client(therapist), received_on=today - timedelta(days=45))
    soon = log_request(admin_user, make_client(therapist), received_on=today - timedelta(days=25))
    stopped = log_request(admin_user, make_client(therapist), identity_method="")
    page = signed_in(admin_user)
    with django_assert_max_num_queries(12):
        body = page.get(reverse("sar_dashboard")).content.decode()
    positions = [body.index(sar.reference) for sar in (late, soon, stopped)]
    assert positions == sorted(positions)
    assert "Overdue by" in body and "Clock stopped" in body


def test_the_page_offers_only_the_steps_the_table_allows(admin_user, client_):
    sar = log_request(admin_user, client_)
    body = signed_in(admin_user).get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert reverse("sar_compile", args=[sar.ref]) in body
    assert reverse("sar_release", args=[sar.ref]) not in body
    assert reverse("sar_identity", args=[sar.ref]) not in body


def test_a_refused_extension_says_why_and_changes_nothing(admin_user, client_):
    sar = log_request(admin_user, client_, received_on=timezone.localdate() - timedelta(days=50))
    response = signed_in(admin_user).post(
        reverse("sar_extend", args=[sar.ref]),
        {
            "months": "1",
            "reason": "complex",
            "why": "Years of notes to read.",
            "told_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "within the first month" in response.content.decode()
    assert SubjectAccessRequest.objects.get(pk=sar.pk).extension_months == 0


def test_compile_runs_on_the_queue_and_the_page_shows_progress(
    admin_user, therapist, client_, django_capture_on_commit_callbacks
):
    add_notes(therapist, client_, "A first note for the queue.")
    sar = log_request(admin_user, client_)
    page = signed_in(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        page.post(reverse("sar_compile", args=[sar.ref]))
    body = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "subject_access/progress" in body and "Refresh to see progress" in body
    second = page.post(reverse("sar_compile", args=[sar.ref]), follow=True)
    assert "already running" in second.content.decode()
    assert run_queued_tasks() == 1
    progress = page.get(reverse("sar_progress", args=[sar.ref])).json()
    assert progress["finished"] and progress["percent"] == 100
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.IN_REVIEW


def test_reviewer_reads_the_draft_and_withholds_a_passage(admin_user, therapist, client_):
    add_notes(therapist, client_, "Mentioned her cousin Bartholomew Quince at length.")
    sar = compiled(admin_user, client_)
    page = signed_in(therapist)
    body = page.get(reverse("sar_review", args=[sar.ref]) + "?part=notes").content.decode()
    assert "Bartholomew Quince" in body
    assert AuditEvent.objects.filter(action="sar.draft_read", actor_id=therapist.pk).exists()
    note_key = next(
        line.split('value="')[1].split('"')[0]
        for line in body.splitlines()
        if 'name="item_key"' in line and "records.Note:" in line
    )
    refused = page.post(
        reverse("sar_redact", args=[sar.ref]),
        {
            "item_key": note_key,
            "field_name": "body",
            "passage": "not there",
            "reason": "third_party",
            **THIRD_PARTY_FORM,
        },
    )
    assert refused.status_code == 400 and "Nothing was withheld" in refused.content.decode()
    done = page.post(
        reverse("sar_redact", args=[sar.ref]),
        {
            "item_key": note_key,
            "field_name": "body",
            "passage": "Bartholomew Quince",
            "reason": "third_party",
            **THIRD_PARTY_FORM,
        },
    )
    assert done.status_code == 302
    assert Redaction.objects.filter(request=sar).count() == 1
    after = page.get(reverse("sar_review", args=[sar.ref]) + "?part=notes").content.decode()
    assert "Bartholomew Quince" not in after and "[withheld:" in after
    assert page.post(reverse("sar_review_done", args=[sar.ref])).status_code == 302
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.REVIEWED


def test_a_colleague_cannot_reach_the_review(admin_user, therapist2, client_):
    sar = compiled(admin_user, client_)
    response = signed_in(therapist2).get(reverse("sar_review", args=[sar.ref]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="records.access_denied", actor_id=therapist2.pk)
    post = signed_in(therapist2).post(reverse("sar_review_done", args=[sar.ref]))
    assert post.status_code == 404
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.IN_REVIEW


def test_only_an_admin_downloads_and_the_archive_verifies(
    admin_user, therapist, supervisor, client_, tmp_path, capsys
):
    sar = released_request(admin_user, therapist, client_)
    url = reverse("sar_download", args=[sar.ref])
    assert signed_in(therapist).get(url).status_code == 403
    assert signed_in(supervisor).get(url).status_code == 403
    response = signed_in(admin_user).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    content = response.content
    assert hashlib.sha256(content).hexdigest() == sar.archive_sha256
    good = tmp_path / f"{sar.reference}.zip"
    good.write_bytes(content)
    call_command("subject_access_verify", str(good))
    assert "OK:" in capsys.readouterr().out
    changed = bytearray(content)
    changed[len(changed) // 2] ^= 0x01
    bad = tmp_path / "changed.zip"
    bad.write_bytes(bytes(changed))
    with pytest.raises(CommandError, match="FAILED"):
        call_command("subject_access_verify", str(bad))


def test_download_after_expiry_is_refused_on_the_page(admin_user, therapist, client_, settings):
    sar = released_request(admin_user, therapist, client_)
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(
        released_at=timezone.now() - timedelta(days=settings.SUBJECT_ACCESS_DOWNLOAD_DAYS + 1)
    )
    response = signed_in(admin_user).get(reverse("sar_download", args=[sar.ref]), follow=True)
    assert "download period" in response.content.decode()
    assert not AuditEvent.objects.filter(action="sar.downloaded").exists()


def test_clock_stopped_dates_are_not_in_the_future(admin_user, client_):
    sar = log_request(admin_user, client_, identity_method="", received_on=date(2026, 1, 5))
    response = signed_in(admin_user).post(
        reverse("sar_identity", args=[sar.ref]),
        {
            "method": "photo_id",
            "identity_received_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "identity_confirmed_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.AWAITING_IDENTITY


def test_a_clarification_without_a_reason_is_refused_on_the_page(admin_user, client_):
    sar = log_request(admin_user, client_)
    page = signed_in(admin_user)
    body = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "may not be asked as a routine step" in body
    response = page.post(
        reverse("sar_clarify", args=[sar.ref]),
        {"requested_on": timezone.localdate().isoformat(), "why_needed": ""},
    )
    assert response.status_code == 400
    assert "A clarification may not be asked as a routine step" in response.content.decode()
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.OPEN


def test_the_page_shows_the_paused_days_and_the_due_date(admin_user, client_):
    today = timezone.localdate()
    sar = log_request(admin_user, client_, received_on=today - timedelta(days=6))
    page = signed_in(admin_user)
    page.post(
        reverse("sar_clarify", args=[sar.ref]),
        {"requested_on": (today - timedelta(days=4)).isoformat(), "why_needed": "Which years?"},
    )
    paused = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "waiting for the answer (5 days so far)" in paused
    assert "If it arrived today, the answer would be due on" in paused
    page.post(reverse("sar_clarified", args=[sar.ref]), {"received_on": today.isoformat()})
    sar = SubjectAccessRequest.objects.get(pk=sar.pk)
    body = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "5 days not counted" in body
    assert f"{sar.due_on:%A} {sar.due_on.day} {sar.due_on:%B %Y}" in body
    assert "Which years?" not in body  # the reason stays with the request


@pytest.mark.parametrize(
    ("years_old", "asks_about_a_young_person"),
    [(40, False), (18, False), (17, True), (None, True)],
)
def test_the_request_form_asks_about_a_young_person_only_for_one(
    admin_user, therapist, years_old, asks_about_a_young_person
):
    """An adult's request has no young person's part; a client under 18, or whose age is not
    known, is asked about (issue 24, item 8)."""
    today = timezone.localdate()
    born = None if years_old is None else date(today.year - years_old, 1, 1)
    client = make_client(therapist, date_of_birth=born)
    page = signed_in(admin_user).get(reverse("sar_new") + f"?client={client.ref}")
    html = page.content.decode()
    assert page.status_code == 200
    assert ('name="young_person_competence"' in html) is asks_about_a_young_person
    assert ("presumed able to act for themselves" in html) is asks_about_a_young_person
