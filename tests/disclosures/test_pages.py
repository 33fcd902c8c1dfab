"""The pages a therapist and a supervisor use, through the Django test client."""

from __future__ import annotations

from django.urls import reverse

from disclosures.models import DisclosureRecord, DisclosureRequest, Status
from practice.models import AuditEvent
from records import services as record_services
from tests.conftest import case_file_of, make_staff, signed_in
from tests.disclosures.builders import MARKER, at_state, drafted

OUTSIDE = "Quokkabridge private words never quoted"


def _post_step(browser, row, step, data):
    row.refresh_from_db()
    url = reverse("disclosure_step", kwargs={"ref": row.ref, "step": step})
    return browser.post(url, {**data, "version": row.version})


def test_a_therapist_walks_the_steps_one_form_at_a_time(
    therapist, supervisor, supervision, client_a, django_capture_on_commit_callbacks
):
    browser = signed_in(therapist)
    start = reverse("disclosure_start", kwargs={"ref": client_a.ref})
    assert "Consider a disclosure" in browser.get(start).content.decode()
    response = browser.post(start)
    row = DisclosureRequest.objects.get()
    assert response["Location"] == reverse(
        "disclosure_step", kwargs={"ref": row.ref, "step": "kind"}
    )
    # A step sent empty is refused with an error summary and saves nothing.
    page = _post_step(browser, row, "kind", {}).content.decode()
    assert "There is a problem" in page and "This field is required" in page
    row.refresh_from_db()
    assert row.steps_done == []
    response = _post_step(browser, row, "kind", {"kind": "child_protection"})
    assert response["Location"].endswith("/steps/situation/")
    page = browser.get(response["Location"]).content.decode()
    assert "Sch. 1 para 18" in page  # the law for the chosen kind
    assert "Done" in page and "Not done" in page  # the progress list
    # Sending it now is refused, naming what is missing; nothing changes.
    response = browser.post(reverse("disclosure_submit", kwargs={"ref": row.ref}), follow=True)
    assert "Not sent: Complete the step" in response.content.decode()
    row.refresh_from_db()
    assert row.status == Status.DRAFT


def test_supervisor_sees_the_quoted_passage_and_nothing_else_of_the_notes(
    therapist, supervisor, supervision, client_a
):
    case_file = case_file_of(client_a)
    note = record_services.note_create(
        actor=therapist, case_file=case_file, body=f"Quoted {MARKER}.\n\n{OUTSIDE}"
    )
    record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    row = drafted(therapist, client_a)
    browser = signed_in(therapist)
    quotes = reverse("disclosure_quotes", kwargs={"ref": row.ref})
    assert OUTSIDE in browser.get(quotes).content.decode()  # the therapist chooses from all
    browser.post(quotes, {"note": str(note.ref), "paragraph": 0})
    assert row.quotes.count() == 1
    browser.post(reverse("disclosure_submit", kwargs={"ref": row.ref}))

    reviewer = signed_in(supervisor)
    queue = reviewer.get(reverse("supervisor_dashboard")).content.decode()
    assert reverse("disclosure_review", kwargs={"ref": row.ref}) in queue
    page = reviewer.get(reverse("disclosure_review", kwargs={"ref": row.ref})).content.decode()
    assert f"Quoted {MARKER}." in page
    assert OUTSIDE not in page
    assert client_a.family_name not in page  # the request, not the client's page
    assert reviewer.get(reverse("client_detail", kwargs={"ref": client_a.ref})).status_code == 403
    assert AuditEvent.objects.filter(
        action="disclosures.viewed", actor_label="supervisor", details__as="reviewer"
    ).exists()


def test_change_request_amend_approve_disclose_then_the_client_page_lists_it(
    therapist, supervisor, supervision, client_a, django_capture_on_commit_callbacks
):
    row = at_state("submitted", therapist, supervisor, client_a)
    reviewer = signed_in(supervisor)
    review = reverse("disclosure_review", kwargs={"ref": row.ref})
    page = reviewer.post(review, {"decision": "approve", "reasons": ""}).content.decode()
    assert "There is a problem" in page
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(review, {"decision": "request_changes", "reasons": "Say less."})
    row.refresh_from_db()
    assert row.status == Status.CHANGES_REQUESTED

    browser = signed_in(therapist)
    detail = browser.get(reverse("disclosure_detail", kwargs={"ref": row.ref})).content.decode()
    assert "Say less." in detail and "asked for changes" in detail
    _post_step(
        browser,
        row,
        "recipient",
        {
            "recipient_name": "Pat",
            "recipient_role": "Social worker",
            "recipient_organisation": "Council",
            "recipient_contact": "01632 960000",
            "shared_text": "Less, amended.",
        },
    )
    browser.post(reverse("disclosure_submit", kwargs={"ref": row.ref}))
    reviewer.post(review, {"decision": "approve", "reasons": "Now proportionate."})
    row.refresh_from_db()
    assert row.status == Status.APPROVED
    # A decision is final: a second POST is refused with the reason and changes nothing.
    page = reviewer.post(review, {"decision": "decline", "reasons": "Changed my mind"}, follow=True)
    assert "Only a request waiting for review can be declined." in page.content.decode()
    row.refresh_from_db()
    assert row.status == Status.APPROVED

    disclose = reverse("disclosure_disclose", kwargs={"ref": row.ref})
    assert "Less, amended." in browser.get(disclose).content.decode()  # prefilled
    response = browser.post(
        disclose,
        {
            "disclosed_on": "2026-01-05",
            "method": "phone",
            "recipient": "Pat, Social worker, Council",
            "what_was_sent": "Less, amended.",
        },
    )
    assert response.status_code == 302
    record = DisclosureRecord.objects.get()
    assert record.approved_by == supervisor
    page = browser.get(reverse("client_detail", kwargs={"ref": client_a.ref})).content.decode()
    assert "Record of disclosures" in page and "Pat, Social worker, Council" in page


def test_disclosing_an_unapproved_request_is_refused_with_a_reason(
    therapist, supervisor, supervision, client_a
):
    row = at_state("submitted", therapist, supervisor, client_a)
    browser = signed_in(therapist)
    response = browser.get(reverse("disclosure_disclose", kwargs={"ref": row.ref}), follow=True)
    assert "Only an approved request can be disclosed" in response.content.decode()
    assert not DisclosureRecord.objects.exists()


def test_editing_after_submission_is_refused(therapist, supervisor, supervision, client_a):
    row = at_state("submitted", therapist, supervisor, client_a)
    browser = signed_in(therapist)
    url = reverse("disclosure_step", kwargs={"ref": row.ref, "step": "situation"})
    response = browser.post(url, {"situation": "new", "reason": "new", "legal_basis": "x"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.get_situation() != "new"


def test_a_colleague_or_another_supervisor_gets_404_and_changes_nothing(
    therapist, therapist2, supervisor, supervision, client_a
):
    other_supervisor = make_staff("supervisor2", "supervisor")
    row = at_state("submitted", therapist, supervisor, client_a)
    colleague = signed_in(therapist2)
    for name in ("disclosure_detail", "disclosure_withdraw", "disclosure_submit"):
        assert colleague.post(reverse(name, kwargs={"ref": row.ref})).status_code == 404
    stranger = signed_in(other_supervisor)
    review = reverse("disclosure_review", kwargs={"ref": row.ref})
    response = stranger.post(review, {"decision": "approve", "reasons": "Sure"})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.status == Status.SUBMITTED
    assert AuditEvent.objects.filter(
        action="records.access_denied", actor_label="supervisor2"
    ).exists()


def test_drafts_never_reach_the_supervisor(therapist, supervisor, supervision, client_a):
    row = drafted(therapist, client_a)
    reviewer = signed_in(supervisor)
    assert reviewer.get(reverse("disclosure_review", kwargs={"ref": row.ref})).status_code == 404


def test_whom_i_supervise_shows_names_and_dates_only(therapist, supervisor, supervision, client_a):
    page = signed_in(supervisor).get(reverse("supervisees")).content.decode()
    assert therapist.display_name in page and "Current" in page
    assert client_a.family_name not in page


def test_the_review_queue_reads_in_a_fixed_number_of_queries(
    therapist, supervisor, supervision, client_a, django_assert_max_num_queries
):
    for _ in range(3):
        at_state("submitted", therapist, supervisor, client_a)
    reviewer = signed_in(supervisor)
    reviewer.get(reverse("supervisor_dashboard"))
    with django_assert_max_num_queries(12):
        page = reviewer.get(reverse("supervisor_dashboard")).content.decode()
    assert page.count("Waiting for the supervisor") == 3
