"""The health-data gate (DPA 2018 Sch. 3 Part 2 paras 5 and 6): releasing an answer, and
withholding any of it for serious harm, each refused until the right basis is recorded."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from practice.models import AuditEvent
from subject_access import compiling, health_gate, jobs, reading, release
from subject_access.models import HealthDataBasis, Redaction, Status, SubjectAccessRequest
from subject_access.services.health_basis import sar_health_basis_record
from tests.conftest import signed_in
from tests.subject_access.builders import compiled, health_opinion, log_request


def _already_seen(admin, sar):
    sar_health_basis_record(
        actor=admin,
        sar=sar,
        basis="already_seen",
        evidence="The client was sent these notes by their own request in March.",
    )


def _old_opinion(admin, sar, opinion):
    too_old = health_gate.opinion_counts_from(timezone.localdate()) - timedelta(days=1)
    health_opinion(admin, sar, opinion=opinion, opinion_on=too_old)


def _reviewer_is_professional(admin, sar):
    reviewer = sar.reviewer
    reviewer.health_profession = "psychologist"
    reviewer.health_register, reviewer.health_register_number = "HCPC", "PYL01234"
    reviewer.save()


SETUPS = {
    "nothing recorded": lambda admin, sar, opinion: None,
    "already seen": lambda admin, sar, opinion: _already_seen(admin, sar),
    "opinion in date": lambda admin, sar, opinion: health_opinion(admin, sar, opinion=opinion),
    "opinion older than six months": _old_opinion,
    "reviewer is a health professional": lambda admin, sar, opinion: _reviewer_is_professional(
        admin, sar
    ),
}


def _release(admin, therapist, sar, client):
    if sar.status == Status.IN_REVIEW:
        release.sar_review_complete(actor=therapist, sar=sar)
    return release.sar_release(actor=admin, sar=sar, method="email")


def _withhold(admin, therapist, sar, client):
    return release.sar_redact(
        actor=therapist,
        sar=sar,
        item_key=f"clients.Client:{client.ref}",
        field_name="given_name",
        passage="Marta",
        reason="serious_harm",
    )


ACTIONS = {
    # action: (what it does, the opinion that allows it, the paragraph its refusal names)
    "release": (_release, "not_met", "paragraph 6"),
    "serious-harm withholding": (_withhold, "met", "paragraph 5"),
}

ALLOWED = {
    ("release", "nothing recorded"): False,
    ("release", "already seen"): True,
    ("release", "opinion in date"): True,
    ("release", "opinion older than six months"): False,
    ("release", "reviewer is a health professional"): True,
    # Knowing the person has seen it never justifies withholding it for serious harm.
    ("serious-harm withholding", "nothing recorded"): False,
    ("serious-harm withholding", "already seen"): False,
    ("serious-harm withholding", "opinion in date"): True,
    ("serious-harm withholding", "opinion older than six months"): False,
    ("serious-harm withholding", "reviewer is a health professional"): True,
}


def _nothing_changed(sar, before_events):
    fresh = SubjectAccessRequest.objects.get(pk=sar.pk)
    assert fresh.status == sar.status and not fresh.archive_sha256
    assert not Redaction.objects.filter(request=sar).exists()
    assert AuditEvent.objects.count() == before_events


@pytest.mark.parametrize(("action", "setup"), list(ALLOWED), ids=lambda v: v)
def test_the_gate_refuses_until_its_basis_is_recorded(
    action, setup, admin_user, therapist, client_of_therapist
):
    act, allowing_opinion, paragraph = ACTIONS[action]
    sar = compiled(admin_user, client_of_therapist)
    if action == "release":
        sar = release.sar_review_complete(actor=therapist, sar=sar)
    SETUPS[setup](admin_user, sar, allowing_opinion)
    sar = SubjectAccessRequest.objects.get(pk=sar.pk)
    if ALLOWED[(action, setup)]:
        act(admin_user, therapist, sar, client_of_therapist)
        return
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=paragraph):
        act(admin_user, therapist, sar, client_of_therapist)
    _nothing_changed(sar, before)
    # Satisfied with an in-date opinion, the same step goes through.
    health_opinion(admin_user, sar, opinion=allowing_opinion)
    act(admin_user, therapist, SubjectAccessRequest.objects.get(pk=sar.pk), client_of_therapist)
    if action == "release":
        assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.RELEASED
    else:
        assert Redaction.objects.filter(request=sar, reason="serious_harm").count() == 1


@pytest.mark.parametrize(
    ("today", "first_day"),
    [
        (date(2026, 12, 3), date(2026, 6, 4)),
        (date(2026, 8, 31), date(2026, 3, 1)),  # February has no 31st: the period starts 1 March
        (date(2027, 3, 31), date(2026, 10, 1)),
        (date(2027, 1, 15), date(2026, 7, 16)),
    ],
)
def test_an_opinion_counts_for_the_six_months_ending_on_the_day_it_is_relied_on(today, first_day):
    assert health_gate.opinion_counts_from(today) == first_day


@pytest.mark.parametrize(("days_before_first", "counts"), [(0, True), (1, False)])
def test_the_six_month_boundary_by_date(
    days_before_first, counts, admin_user, therapist, client_of_therapist
):
    today = timezone.localdate()
    sar = release.sar_review_complete(
        actor=therapist, sar=compiled(admin_user, client_of_therapist)
    )
    on = health_gate.opinion_counts_from(today) - timedelta(days=days_before_first)
    health_opinion(admin_user, sar, opinion_on=on)
    sar = SubjectAccessRequest.objects.get(pk=sar.pk)
    assert (health_gate.release_refusal(sar, today=today) is None) is counts
    # The day after, the same opinion is a day further out of date.
    later = today + timedelta(days=1)
    assert health_gate.release_refusal(sar, today=later) is not None


def test_an_opinion_that_harm_is_likely_needs_something_withheld_for_it(
    admin_user, therapist, client_of_therapist
):
    sar = release.sar_review_complete(
        actor=therapist, sar=compiled(admin_user, client_of_therapist)
    )
    health_opinion(admin_user, sar, opinion="met")
    with pytest.raises(ValidationError, match="nothing is withheld for serious harm"):
        release.sar_release(actor=admin_user, sar=sar, method="email")


def test_a_serious_harm_partial_refusal_needs_the_opinion_too(
    admin_user, therapist, client_of_therapist
):
    sar = release.sar_review_complete(
        actor=therapist, sar=compiled(admin_user, client_of_therapist)
    )
    _already_seen(admin_user, sar)
    with pytest.raises(ValidationError, match="paragraph 5"):
        release.sar_release(actor=admin_user, sar=sar, method="email", exemption="serious_harm")
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.REVIEWED


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"basis": "already_seen", "evidence": "  "}, "evidence"),
        ({"basis": "opinion", "register_number": ""}, "register_number"),
        ({"basis": "opinion", "profession": ""}, "profession"),
        ({"basis": "opinion", "professional_name": ""}, "professional_name"),
        ({"basis": "opinion", "opinion": ""}, "opinion"),
        ({"basis": "opinion", "opinion_on": None}, "opinion_on"),
        ({"basis": "opinion", "days_ago": -1}, "opinion_on"),  # tomorrow
    ],
)
def test_a_basis_missing_a_fact_is_refused_and_nothing_is_recorded(
    values, field, admin_user, client_of_therapist
):
    sar = compiled(admin_user, client_of_therapist)
    with pytest.raises(ValidationError) as refused:
        if values["basis"] == "already_seen":
            sar_health_basis_record(actor=admin_user, sar=sar, **values)
        else:
            health_opinion(admin_user, sar, **{k: v for k, v in values.items() if k != "basis"})
    assert field in refused.value.message_dict
    assert not HealthDataBasis.objects.exists()
    assert not AuditEvent.objects.filter(action="sar.health_basis_recorded").exists()


def test_a_release_without_the_basis_is_refused_on_the_page_naming_the_rule(
    admin_user, therapist, client_of_therapist
):
    sar = release.sar_review_complete(
        actor=therapist, sar=compiled(admin_user, client_of_therapist)
    )
    page = signed_in(admin_user)
    body = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "Health data: the basis for releasing it" in body
    assert "Schedule 3 Part 2 paragraph 6" in body  # said before anyone tries
    refused = page.post(reverse("sar_release", args=[sar.ref]), {"method": "email"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "There is a problem" in text and "Schedule 3 Part 2 paragraph 6" in text
    fresh = SubjectAccessRequest.objects.get(pk=sar.pk)
    assert fresh.status == Status.REVIEWED and not fresh.archive_sha256
    assert not AuditEvent.objects.filter(action="sar.released").exists()

    recorded = page.post(
        reverse("sar_health_basis", args=[sar.ref]),
        {
            "basis": "opinion",
            "professional_name": "Dr Ada Example",
            "profession": "doctor",
            "register": "GMC",
            "register_number": "7654321",
            "opinion_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "opinion": "not_met",
            "conclusion": "Read the draft; fine to release.",
        },
    )
    assert recorded.status_code == 302
    body = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "Dr Ada Example" in body and "7654321" in body
    assert page.post(reverse("sar_release", args=[sar.ref]), {"method": "email"}).status_code == 302
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.RELEASED
    event = AuditEvent.objects.get(action="sar.health_basis_recorded")
    assert "Ada" not in json.dumps(event.details)  # no names in the trail


def test_a_basis_form_missing_a_fact_says_which_on_the_page(admin_user, client_of_therapist):
    sar = compiled(admin_user, client_of_therapist)
    refused = signed_in(admin_user).post(
        reverse("sar_health_basis", args=[sar.ref]),
        {"basis": "opinion", "professional_name": "Dr Ada Example", "profession": "doctor"},
    )
    assert refused.status_code == 400
    assert "Give their registration number." in refused.content.decode()
    assert not HealthDataBasis.objects.exists()


def test_the_basis_reads_in_words_in_a_later_answer(admin_user, therapist, client_of_therapist):
    sar = release.sar_review_complete(
        actor=therapist, sar=compiled(admin_user, client_of_therapist)
    )
    health_opinion(admin_user, sar, conclusion="Zorblatt wording of the opinion.")
    release.sar_release(actor=admin_user, sar=sar, method="email")
    second = log_request(admin_user, client_of_therapist)
    jobs.sar_compile_start(actor=admin_user, sar=second)
    jobs.compile_run(str(second.ref))
    bundle = compiling.load_draft(SubjectAccessRequest.objects.get(pk=second.pk)).bundle
    answer = json.dumps(bundle)
    item = next(
        item
        for section in bundle["sections"]
        for item in section["items"]
        if item["key"].startswith("subject_access.HealthDataBasis:")
    )
    assert reading.entry_for(item).title == "The basis for releasing your health information"
    assert "Opinion given by" in reading.entry_for(item).text()
    assert "Dr Ada Example, Registered medical practitioner (GMC), GMC, 7654321" in answer
    assert "Releasing it would not be likely to cause serious harm" in answer
    assert "Zorblatt" not in answer  # their own words may describe what was withheld


def test_the_review_page_tells_the_reviewer_whether_serious_harm_can_be_withheld(
    admin_user, therapist, client_of_therapist
):
    sar = compiled(admin_user, client_of_therapist)
    page = signed_in(therapist)
    before = page.get(reverse("sar_review", args=[sar.ref])).content.decode()
    assert "Withholding for serious harm" in before and "Schedule 3 Part 2 paragraph 5" in before
    assert "You may withhold passages for serious harm" not in before
    health_opinion(admin_user, sar, opinion="met")
    after = page.get(reverse("sar_review", args=[sar.ref])).content.decode()
    assert "You may withhold passages for serious harm" in after
