"""A parent asking for a young person's records: a young person able to decide holds the
right, so their objection (or their view not yet asked) stops release to the parent, and the
practice may answer them instead; in Scotland a young person of 12 or over is presumed able
to decide (DPA 2018 s.208); information they gave expecting it would not reach the parent may
be withheld (DPA 2018 Sch. 3 Part 2 para 4)."""

from __future__ import annotations

import re
from datetime import UTC, date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from practice.models import AuditEvent, PracticeProfile
from subject_access import release, services
from subject_access.models import Status, SubjectAccessRequest
from subject_access.workflow import SAR_MACHINE
from tests.conftest import make_client, signed_in
from tests.subject_access.builders import compiled, health_opinion, log_request

PARENT = {"requester": "parental", "requester_name": "Pat Parent", "authority": "parental"}
OBJECTS = {
    "young_person_competence": "competent_objects",
    "young_person_wishes": "Does not want their parent to read the notes.",
}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(timezone.datetime(2026, 3, 10, 11, 0, tzinfo=UTC)):
        yield


def _young(therapist, born=date(2011, 6, 1), **values):
    return make_client(therapist, given_name="Robin", date_of_birth=born, **values)


def _reviewed(admin, therapist, client, **values):
    sar = compiled(admin, client, **{**PARENT, **values})
    health_opinion(admin, sar)  # the health-data gate is met: these tests are about the parent
    return release.sar_review_complete(actor=therapist, sar=sar)


def _scotland():
    PracticeProfile.objects.update_or_create(pk=1, defaults={"nation": "SCT"})


def test_a_competent_objection_blocks_release_to_the_parent(admin_user, therapist):
    sar = _reviewed(admin_user, therapist, _young(therapist), **OBJECTS)
    with pytest.raises(ValidationError, match="nothing can be released to the parent"):
        release.sar_release(actor=admin_user, sar=sar, method="email")
    sar.refresh_from_db()
    assert sar.status == Status.REVIEWED and not sar.archive_sha256
    assert not AuditEvent.objects.filter(action="sar.released").exists()
    assert not SAR_MACHINE.allows(actor=admin_user, obj=sar, action="release")


def test_the_young_person_can_be_answered_instead(admin_user, therapist):
    sar = _reviewed(admin_user, therapist, _young(therapist), **OBJECTS)
    sar = services.sar_answer_young_person(actor=admin_user, sar=sar)
    assert sar.answer_young_person
    sar = release.sar_release(actor=admin_user, sar=sar, method="email")
    assert sar.status == Status.RELEASED
    assert AuditEvent.objects.filter(action="sar.young_person_answered").exists()


def test_a_young_person_who_cannot_decide_is_not_answered_instead(admin_user, therapist):
    sar = log_request(
        admin_user,
        _young(therapist, born=date(2019, 1, 1)),
        **PARENT,
        young_person_competence="not_competent",
        young_person_wishes="Too young to follow what is asked.",
    )
    with pytest.raises(ValidationError, match="can decide for themselves"):
        services.sar_answer_young_person(actor=admin_user, sar=sar)
    assert not SubjectAccessRequest.objects.get(pk=sar.pk).answer_young_person


def test_the_page_refuses_release_to_the_parent_and_offers_the_young_person(admin_user, therapist):
    sar = _reviewed(admin_user, therapist, _young(therapist), **OBJECTS)
    page = signed_in(admin_user)
    body = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "The right of access is theirs" in body
    assert reverse("sar_answer_young_person", args=[sar.ref]) in body
    assert reverse("sar_release", args=[sar.ref]) not in body
    refused = page.post(reverse("sar_release", args=[sar.ref]), {"method": "email"})
    assert refused.status_code == 400
    assert "nothing can be released to the parent" in refused.content.decode()
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.REVIEWED
    page.post(reverse("sar_answer_young_person", args=[sar.ref]))
    body = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "The answer goes to the young person" in body
    assert reverse("sar_release", args=[sar.ref]) in body


def test_in_scotland_the_form_presumes_a_twelve_year_old_can_decide(admin_user, therapist):
    _scotland()
    young = _young(therapist, born=date(2013, 2, 1))  # 13
    body = signed_in(admin_user).get(reverse("sar_new"), {"client": young.ref}).content.decode()
    assert "presumed able to decide for" in body
    assert re.search(r'value="competent_awaited"[^>]*checked', body)


def test_elsewhere_the_form_does_not_presume(admin_user, therapist):
    young = _young(therapist, born=date(2013, 2, 1))
    body = signed_in(admin_user).get(reverse("sar_new"), {"client": young.ref}).content.decode()
    assert "presumed able to decide for themselves (DPA 2018 s.208)" not in body


def test_in_scotland_nothing_goes_to_the_parent_until_the_view_is_recorded(admin_user, therapist):
    _scotland()
    sar = _reviewed(
        admin_user,
        therapist,
        _young(therapist, born=date(2013, 2, 1)),
        young_person_competence="competent_awaited",
    )
    with pytest.raises(ValidationError, match="their view is not recorded yet"):
        release.sar_release(actor=admin_user, sar=sar, method="email")
    sar = services.sar_record_young_person_view(
        actor=admin_user,
        sar=sar,
        competence="competent_agrees",
        wishes="Content for their parent to have a copy.",
    )
    assert release.sar_release(actor=admin_user, sar=sar, method="email").status == "released"


def test_in_scotland_not_able_to_decide_needs_what_shows_it(admin_user, therapist):
    _scotland()
    young = _young(therapist, born=date(2012, 2, 1))
    with pytest.raises(ValidationError, match="say what shows"):
        log_request(admin_user, young, **PARENT, young_person_competence="not_competent")
    assert not SubjectAccessRequest.objects.exists()


def _withhold_name(therapist, sar, client, reason="expectations"):
    return release.sar_redact(
        actor=therapist,
        sar=sar,
        item_key=f"clients.Client:{client.ref}",
        field_name="given_name",
        passage="Robin",
        reason=reason,
    )


def test_expectations_exemption_for_a_parent_request(admin_user, therapist):
    young = _young(therapist)  # 14
    sar = compiled(
        admin_user,
        young,
        **PARENT,
        young_person_competence="competent_agrees",
        young_person_wishes="Fine with the parent seeing most of it.",
    )
    redaction = _withhold_name(therapist, sar, young)
    assert redaction.reason == "expectations"


@pytest.mark.parametrize(
    ("nation", "born", "values"),
    [
        ("ENG", date(2011, 6, 1), {}),  # the client asked for themselves
        (
            "SCT",
            date(2009, 6, 1),  # 16 in Scotland: para 4 covers only under 16
            {
                **PARENT,
                "young_person_competence": "competent_agrees",
                "young_person_wishes": "Agrees.",
            },
        ),
    ],
)
def test_expectations_exemption_only_where_para_4_applies(
    admin_user, therapist, nation, born, values
):
    PracticeProfile.objects.update_or_create(pk=1, defaults={"nation": nation})
    young = _young(therapist, born=born)
    sar = compiled(admin_user, young, **values)
    with pytest.raises(ValidationError, match="applies only when a person with parental"):
        _withhold_name(therapist, sar, young)
    assert not sar.redactions.exists()
    with pytest.raises(ValidationError, match="applies only when"):
        services.sar_propose_refusal(
            actor=admin_user, sar=sar, exemption="expectations", reasons="Given in confidence."
        )
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == Status.IN_REVIEW
