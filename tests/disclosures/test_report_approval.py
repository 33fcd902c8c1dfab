"""The client's report is approved as it will be sent (issue 24, item 1).

The report is written as a step of the request, the supervisor approves those words (their
SHA-256 is kept with the decision), a change after approval sends the request back for
review, and no PDF is made, or handed out, while the words are not the approved ones.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from disclosures import machine, steps
from disclosures.audit_actions import Action
from disclosures.models import ClientReport, DisclosureRequest, Status, text_fingerprint
from disclosures.services import decisions, drafting, reports
from practice.models import AuditEvent
from tests.conftest import signed_in
from tests.disclosures.builders import MARKER, at_state, drafted

PDF = b"%PDF-1.4 report"
CHANGED = f"The report, changed after approval {MARKER}"


def _fresh(row) -> DisclosureRequest:
    return DisclosureRequest.objects.get(pk=row.pk)


def _decide(decision):
    def act(row, therapist, supervisor):
        return decisions.request_decide(
            actor=supervisor, disclosure=_fresh(row), decision=decision, reasons="Reasons"
        )

    return act


def _amend(words):
    def act(row, therapist, supervisor):
        return drafting.report_amend(
            actor=therapist, disclosure=_fresh(row), report_text=words(row)
        )

    return act


def _make_pdf(row, therapist, supervisor):
    with mock.patch("disclosures.printing.pdf_from_template", return_value=PDF):
        reports.report_make(actor=therapist, disclosure=_fresh(row), client_name="Q")
    return _fresh(row)


APPROVE = ("approve", _decide(machine.APPROVE))
CHANGES = ("ask for changes", _decide(machine.REQUEST_CHANGES))
AMEND = ("change the report", _amend(lambda row: CHANGED))
SAME = ("save it unchanged", _amend(lambda row: row.get_report_text()))
MAKE = ("make the PDF", _make_pdf)

# (the story, the steps after it is submitted, the state it ends in, whether a PDF can be
# made then, the audit actions the steps append, in order)
CYCLE = [
    ("approved as written", [APPROVE], Status.APPROVED, True, [Action.APPROVED]),
    (
        "changed after approval",
        [APPROVE, AMEND],
        Status.SUBMITTED,
        False,
        [Action.APPROVED, Action.REPORT_AMENDED],
    ),
    (
        "changed, then approved again",
        [APPROVE, AMEND, APPROVE],
        Status.APPROVED,
        True,
        [Action.APPROVED, Action.REPORT_AMENDED, Action.APPROVED],
    ),
    (
        "changed, then sent back for more changes",
        [APPROVE, AMEND, CHANGES],
        Status.CHANGES_REQUESTED,
        False,
        [Action.APPROVED, Action.REPORT_AMENDED, Action.CHANGES_REQUESTED],
    ),
    ("saved unchanged after approval", [APPROVE, SAME], Status.APPROVED, True, [Action.APPROVED]),
    (
        "its PDF made, then changed",
        [APPROVE, MAKE, AMEND],
        Status.SUBMITTED,
        False,
        [Action.APPROVED, Action.REPORT_MADE, Action.REPORT_AMENDED],
    ),
    (
        "asked to change before approval",
        [CHANGES],
        Status.CHANGES_REQUESTED,
        False,
        [Action.CHANGES_REQUESTED],
    ),
]


@pytest.mark.parametrize(
    "story, moves, state, pdf_allowed, audited", CYCLE, ids=[row[0] for row in CYCLE]
)
def test_the_report_approval_cycle(
    story, moves, state, pdf_allowed, audited, therapist, supervisor, supervision, client_a
):
    row = at_state("submitted", therapist, supervisor, client_a, kind="client_request")
    before = AuditEvent.objects.count()
    for _name, act in moves:
        act(row, therapist, supervisor)
    row = _fresh(row)
    assert row.status == state
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)[before:])
    assert actions == [str(action) for action in audited]
    assert row.text_is_approved == (state == Status.APPROVED)
    made = ClientReport.objects.filter(request=row).count()
    if pdf_allowed:
        _make_pdf(row, therapist, supervisor)
        report = ClientReport.objects.filter(request=row).first()
        assert report.text_sha256 == row.approved_sha256 == text_fingerprint(row.text_to_share())
        assert report.get_report_text() == row.text_to_share()
    else:
        with pytest.raises(ValidationError):
            _make_pdf(row, therapist, supervisor)
        assert ClientReport.objects.filter(request=row).count() == made


def test_the_approval_keeps_the_fingerprint_of_the_words_approved(
    therapist, supervisor, supervision, client_a
):
    row = at_state("approved", therapist, supervisor, client_a, kind="client_request")
    assert row.approved_sha256 == text_fingerprint(f"The report's words {MARKER}")
    event = AuditEvent.objects.filter(action=Action.APPROVED).latest("pk")
    assert event.details["text_sha256"] == row.approved_sha256


def test_a_change_after_approval_goes_back_to_the_supervisor_with_a_history_row(
    therapist, supervisor, supervision, client_a
):
    row = at_state("approved", therapist, supervisor, client_a, kind="client_request")
    approved = row.approved_sha256
    row = drafting.report_amend(actor=therapist, disclosure=row, report_text=CHANGED)
    assert (row.status, row.approved_sha256, row.decided_by) == (Status.SUBMITTED, "", None)
    event = row.events.latest("at")
    assert (event.from_status, event.to_status, event.action) == (
        Status.APPROVED,
        Status.SUBMITTED,
        machine.AMEND_REPORT,
    )
    audit = AuditEvent.objects.filter(action=Action.REPORT_AMENDED).get()
    assert audit.details["approved_sha256"] == approved
    assert audit.details["text_sha256"] == text_fingerprint(CHANGED)
    assert MARKER not in str(audit.details)


def test_an_approved_report_is_not_emptied(therapist, supervisor, supervision, client_a):
    row = at_state("approved", therapist, supervisor, client_a, kind="client_request")
    with pytest.raises(ValidationError):
        drafting.report_amend(actor=therapist, disclosure=row, report_text="  ")
    assert _fresh(row).status == Status.APPROVED and _fresh(row).text_is_approved


def test_a_report_changed_behind_the_workflow_is_not_made_into_a_pdf(
    therapist, supervisor, supervision, client_a
):
    """Bad input: words that differ from the approved ones, even in the approved state
    (changed by some other way than the step), are refused: no PDF, nothing changed."""
    row = at_state("approved", therapist, supervisor, client_a, kind="client_request")
    row.set_report_text("Words nobody approved")
    row.save(update_fields=["report_text"])
    before = (AuditEvent.objects.count(), _fresh(row).version)
    with (
        mock.patch("disclosures.printing.pdf_from_template", return_value=PDF) as printed,
        pytest.raises(ValidationError) as refused,
    ):
        reports.report_make(actor=therapist, disclosure=_fresh(row), client_name="Q")
    assert refused.value.messages == [reports.NOT_APPROVED]
    printed.assert_not_called()
    assert not ClientReport.objects.filter(request=row).exists()
    assert (AuditEvent.objects.count(), _fresh(row).version) == before
    assert _fresh(row).status == Status.APPROVED


def test_a_pdf_of_words_since_changed_is_not_handed_out(
    therapist, supervisor, supervision, client_a
):
    row = at_state("approved", therapist, supervisor, client_a, kind="client_request")
    _make_pdf(row, therapist, supervisor)
    old = ClientReport.objects.get(request=row)
    drafting.report_amend(actor=therapist, disclosure=_fresh(row), report_text=CHANGED)
    browser = signed_in(therapist)
    url = reverse("disclosure_report_pdf", kwargs={"ref": row.ref, "report_ref": old.ref})
    response = browser.get(url, follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "no longer the approved report" in response.content.decode()
    _decide(machine.APPROVE)(row, therapist, supervisor)
    old.request = _fresh(row)
    assert reports.report_read_problem(old) == reports.SUPERSEDED


def test_a_request_approved_before_the_report_was_a_step_makes_no_pdf(
    therapist, supervisor, supervision, client_a
):
    row = at_state("approved", therapist, supervisor, client_a, kind="client_request")
    DisclosureRequest.objects.filter(pk=row.pk).update(approved_sha256="")
    with pytest.raises(ValidationError) as refused:
        _make_pdf(row, therapist, supervisor)
    assert refused.value.messages == [reports.NEVER_APPROVED]


def test_the_report_needs_the_therapists_registration_number(
    therapist, supervisor, supervision, client_a
):
    row = at_state("approved", therapist, supervisor, client_a, kind="client_request")
    therapist.registration_number = ""
    therapist.save(update_fields=["registration_number"])
    with pytest.raises(ValidationError) as refused:
        _make_pdf(row, therapist, supervisor)
    assert refused.value.messages == [reports.NO_REGISTRATION]


def test_the_report_is_a_step_before_the_request_can_be_sent(
    therapist, supervisor, supervision, client_a
):
    row = drafted(therapist, client_a, kind="client_request", only={"conversation"})
    problems = decisions.submission_problems(row)
    assert "Complete the step 'The report, as it will be sent'." in problems
    other = drafted(therapist, client_a)  # not a client's request: no report step
    assert "report" not in {step.name for step in steps.steps_for(other)}


def test_a_clients_request_asks_for_its_words_once(therapist, supervisor, supervision, client_a):
    """The recipient step of a client's request asks for no second text to share."""
    row = drafted(therapist, client_a, kind="client_request")
    browser = signed_in(therapist)
    page = browser.get(reverse("disclosure_step", kwargs={"ref": row.ref, "step": "recipient"}))
    assert 'name="shared_text"' not in page.content.decode()
    page = browser.get(reverse("disclosure_step", kwargs={"ref": row.ref, "step": "report"}))
    assert 'name="report_text"' in page.content.decode()


def test_the_supervisor_reviews_the_report_as_it_will_be_sent(
    therapist, supervisor, supervision, client_a
):
    row = at_state("submitted", therapist, supervisor, client_a, kind="client_request")
    page = signed_in(supervisor).get(reverse("disclosure_review", kwargs={"ref": row.ref}))
    html = page.content.decode()
    assert "The report, exactly as it will be sent" in html
    assert f"The report&#x27;s words {MARKER}" in html


def test_changing_the_approved_report_on_its_step_sends_it_back(
    therapist, supervisor, supervision, client_a
):
    row = at_state("approved", therapist, supervisor, client_a, kind="client_request")
    browser = signed_in(therapist)
    url = reverse("disclosure_step", kwargs={"ref": row.ref, "step": "report"})
    assert "Your supervisor approved this report" in browser.get(url).content.decode()
    response = browser.post(
        url, {"version": _fresh(row).version, "report_text": CHANGED}, follow=True
    )
    assert "sent back to your supervisor for review" in response.content.decode()
    assert _fresh(row).status == Status.SUBMITTED
    assert _fresh(row).get_report_text() == CHANGED
    made = browser.post(reverse("disclosure_report", kwargs={"ref": row.ref}), follow=True)
    assert "No PDF made" in made.content.decode()
    assert not ClientReport.objects.filter(request=row).exists()
    other_step = reverse("disclosure_step", kwargs={"ref": row.ref, "step": "advice"})
    assert browser.get(other_step).status_code == 302  # only the report may change


def test_the_therapist_records_their_own_registration(therapist):
    browser = signed_in(therapist)
    url = reverse("account_professional")
    response = browser.post(
        url, {"professional_body": "UKCP", "registration_number": "UKCP-0042"}, follow=True
    )
    assert "UKCP, registration number UKCP-0042" in response.content.decode()
    therapist.refresh_from_db()
    assert (therapist.professional_body, therapist.registration_number) == ("UKCP", "UKCP-0042")
    event = AuditEvent.objects.filter(action="staff.own_registration").get()
    assert "UKCP" not in str(event.details)
