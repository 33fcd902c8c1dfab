"""Document versions: published ones never change, unknown placeholders are refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from contracting import selectors, services
from contracting.defaults import DEFAULTS
from contracting.models import DocumentTemplate, Kind, Variant
from practice.actors import system_actor
from practice.models import AuditEvent
from tests.conftest import case_file_of, make_client, signed_in
from tests.contracting.builders import acknowledge_on_paper, make_agreement


def _acknowledge(therapist, agreement):
    return acknowledge_on_paper(therapist, agreement, consent=True)


def test_a_fresh_install_gets_every_default_once(db):
    assert services.templates_ensure_defaults() == len(DEFAULTS) == 6
    assert services.templates_ensure_defaults() == 0
    assert DocumentTemplate.objects.filter(version=1, published_by=None).count() == 6
    events = AuditEvent.objects.filter(action="contracting.template_published")
    assert events.count() == 6
    assert {(e.actor_id, e.actor_label) for e in events} == {(None, "system:defaults")}


def test_the_system_actor_publishes_only_the_shipped_defaults(db):
    """The installation may put the shipped documents in place, not publish its own."""
    with pytest.raises(PermissionDenied):
        services.template_publish(
            actor=system_actor("command"),
            kind=Kind.CONTRACT,
            variant=Variant.ADULT,
            title="Taken over",
            body="Nothing",
        )
    assert not DocumentTemplate.objects.exists()


@pytest.mark.parametrize(("kind", "variant"), list(DEFAULTS))
def test_every_default_passes_its_own_publish_check(kind, variant):
    from contracting import rendering

    assert rendering.body_problems(DEFAULTS[(kind, variant)][1], variant=variant) == []


def test_an_unknown_placeholder_is_refused_at_publish_time_by_name(admin_user):
    services.templates_ensure_defaults()
    body = "# Hello\n\nWrite to {{ practice.name }} or {{ practice.fax_number }}."
    with pytest.raises(ValidationError) as caught:
        services.template_publish(
            actor=admin_user, kind=Kind.CONTRACT, variant=Variant.ADULT, title="T", body=body
        )
    assert "{{ practice.fax_number }}" in " ".join(caught.value.messages)
    assert DocumentTemplate.objects.filter(kind="contract", variant="adult").count() == 1


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("The statement: {{ assessment.statement }}", "assessment.statement"),
        ("Half a placeholder {{ practice.name", "not closed"),
    ],
)
def test_other_bad_bodies_are_refused_with_the_reason(admin_user, body, named):
    with pytest.raises(ValidationError, match=named.replace(".", r"\.")):
        services.template_publish(
            actor=admin_user, kind=Kind.CONTRACT, variant=Variant.ADULT, title="T", body=body
        )


def test_a_published_version_cannot_be_changed(db):
    services.templates_ensure_defaults()
    template = DocumentTemplate.objects.first()
    template.body = "Everything you say is confidential."
    with pytest.raises(ValidationError):
        template.save()


def test_only_an_admin_publishes(therapist):
    with pytest.raises(PermissionDenied):
        services.template_publish(
            actor=therapist, kind=Kind.CONTRACT, variant=Variant.ADULT, title="T", body="x"
        )


def test_a_new_version_marks_earlier_agreements_out_of_date(therapist, admin_user, new_client):
    adult = make_agreement(therapist, new_client)
    _acknowledge(therapist, adult)
    young = make_client(therapist, given_name="Yara", family_name="Young")
    young_agreement = make_agreement(
        therapist, young, variant=Variant.YOUNG_PERSON, competence_assessed=True
    )
    _acknowledge(therapist, young_agreement)
    assert selectors.state_of(case_file_of(new_client)).key == "acknowledged"

    title, body = DEFAULTS[(Kind.PRIVACY_NOTICE, Variant.ADULT)]
    new = services.template_publish(
        actor=admin_user,
        kind=Kind.PRIVACY_NOTICE,
        variant=Variant.ADULT,
        title=title,
        body=body + "\n\nWe review this notice every year.",
    )
    assert new.version == 2
    assert selectors.state_of(case_file_of(new_client)).key == "out_of_date"
    assert selectors.state_of(case_file_of(young)).key == "acknowledged"  # other audience
    event = AuditEvent.objects.get(action="contracting.template_published", actor=admin_user)
    assert event.details["agreements_outdated"] == 1

    renewed = make_agreement(therapist, new_client)
    assert renewed.documents.get(kind="privacy_notice").template_version == 2
    _acknowledge(therapist, renewed)
    assert selectors.state_of(case_file_of(new_client)).key == "acknowledged"


def test_admin_previews_then_publishes_in_the_app(admin_user, practice_profile):
    url = reverse("contracting_template_edit", args=["contract", "adult"])
    admin = signed_in(admin_user)
    page = admin.get(url)
    assert page.status_code == 200
    assert "Confidentiality is not absolute" in page.content.decode()

    bad = admin.post(
        url, {"title": "Agreement", "body": "Hi {{ client.shoe_size }}", "action": "publish"}
    )
    assert bad.status_code == 200
    assert "{{ client.shoe_size }}" in bad.content.decode()
    assert DocumentTemplate.objects.filter(kind="contract", variant="adult").count() == 1

    body = "# About\n\nHello {{ client.name }}, from {{ practice.name }}."
    preview = admin.post(url, {"title": "Agreement", "body": body, "action": "preview"})
    assert "Hello Sample Client, from Heronsgate Therapy Rooms." in preview.content.decode()
    assert DocumentTemplate.objects.filter(kind="contract", variant="adult").count() == 1

    published = admin.post(url, {"title": "Agreement", "body": body, "action": "publish"})
    assert published.status_code == 302
    assert DocumentTemplate.objects.get(kind="contract", variant="adult", version=2).body == body


def test_caseload_shows_each_state_in_a_constant_number_of_queries(therapist, new_client):
    from tests.contracting.builders import make_sent_agreement

    acknowledged = make_client(therapist, given_name="Ack", family_name="Nowledged")
    _acknowledge(therapist, make_agreement(therapist, acknowledged))
    sent = make_client(therapist, given_name="Sent", family_name="Waiting")
    make_sent_agreement(therapist, sent)
    caseload = signed_in(therapist)
    url = reverse("therapist_dashboard")
    page = caseload.get(url).content.decode()
    assert "Contracting" in page
    for label in ("Acknowledged", "Sent, awaiting the client", "Not started"):
        assert label in page

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        caseload.get(url)
    for number in range(4):
        make_client(therapist, given_name=f"Extra{number}", family_name="Client")
    with CaptureQueriesContext(connection) as more:
        caseload.get(url)
    assert len(more.captured_queries) == len(few.captured_queries)
    contracting_queries = [q for q in more.captured_queries if "contracting_agreement" in q["sql"]]
    assert len(contracting_queries) == 1
