"""The records afterwards (issue 25, item 5): from the will's page the admin starts the
existing caseload move (two admins) or records that the records stay under the retention
policy until disposal. The executor is never the move's target and never reads a note,
before or after."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients import services as client_services
from practice import account_changes
from practice.models import AuditEvent
from practice.roles import Role
from records import services as record_services
from tests.conftest import case_file_of, make_client, make_staff, signed_in
from tests.wills.builders import activated, asked, named
from wills import services
from wills.models import Activation

pytestmark = pytest.mark.django_db(databases="__all__")

NOTE_MARKER = "Okapi-note-marker-4417"


@pytest.fixture
def will(therapist, executor, admin_user, supervisor, supervised):
    client = make_client(therapist, given_name="Rhea", family_name="Records")
    note = record_services.note_create(
        actor=therapist, case_file=case_file_of(client), body=f"Talked of {NOTE_MARKER}"
    )
    return activated(named(therapist, executor, admin_user), supervisor), client, note


def _second_admin():
    return make_staff("admin2", Role.ADMIN)


def test_the_will_page_links_the_caseload_move_and_the_retention_choice(will, admin_user):
    activation, _, _ = will
    page = signed_in(admin_user).get(reverse("will_admin")).content.decode()
    assert reverse("caseload_transfer", kwargs={"ref": activation.therapist.ref}) in page
    assert reverse("will_records_keep", kwargs={"ref": activation.ref}) in page


def test_the_admin_records_that_the_records_stay_under_retention(will, admin_user, executor):
    activation, client, _ = will
    response = signed_in(admin_user).post(
        reverse("will_records_keep", kwargs={"ref": activation.ref}), follow=True
    )
    assert "stay with the practice under the retention policy" in response.content.decode()
    activation.refresh_from_db()
    assert activation.records_kept_by == admin_user and not activation.may_decide_records
    assert AuditEvent.objects.filter(action="will.records_kept", actor=admin_user).exists()
    page = signed_in(executor).get(
        reverse("will_client", kwargs={"ref": activation.ref, "client_ref": client.ref})
    )
    assert "under its retention policy until they are securely destroyed" in (page.content.decode())
    with pytest.raises(services.WillRefused, match="already recorded"):
        services.records_keep(actor=admin_user, activation=activation)


@pytest.mark.parametrize("who", ["executor", "supervisor", "therapist"])
def test_only_an_admin_who_is_no_party_records_it(will, who, request):
    activation, _, _ = will
    with pytest.raises(services.WillRefused):
        services.records_keep(actor=request.getfixturevalue(who), activation=activation)
    assert Activation.objects.get(pk=activation.pk).records_kept_at is None


def test_an_unapproved_activation_records_nothing(therapist, executor, admin_user, supervised):
    activation = asked(named(therapist, executor, admin_user))
    with pytest.raises(services.WillRefused, match="not approved"):
        services.records_keep(actor=admin_user, activation=activation)


def test_an_executor_only_account_cannot_be_the_move_s_target(will, admin_user, executor):
    activation, client, _ = will
    with pytest.raises(ValidationError, match="another therapist"):
        client_services.caseload_transfer_request(
            actor=admin_user, leaver=activation.therapist, successor=executor
        )
    assert client.__class__.objects.get(pk=client.pk).therapist_id == activation.therapist.pk


def test_a_therapist_named_as_executor_cannot_be_the_move_s_target(
    therapist, admin_user, supervisor, supervised
):
    colleague = make_staff("colleague", Role.THERAPIST, Role.EXECUTOR)
    make_client(therapist)
    activated(named(therapist, colleague, admin_user), supervisor)
    with pytest.raises(ValidationError, match="executor never becomes the reader"):
        client_services.caseload_transfer_request(
            actor=admin_user, leaver=therapist, successor=colleague
        )
    assert not AuditEvent.objects.filter(action="clients.caseload_transferred").exists()


def test_a_naming_made_after_the_move_was_asked_still_stops_it(
    therapist, admin_user, supervisor, supervised
):
    colleague = make_staff("colleague", Role.THERAPIST, Role.EXECUTOR)
    client = make_client(therapist)
    change = client_services.caseload_transfer_request(
        actor=admin_user, leaver=therapist, successor=colleague
    )
    named(therapist, colleague, admin_user)
    with pytest.raises(ValidationError, match="executor never becomes the reader"):
        account_changes.account_change_approve(actor=_second_admin(), change=change)
    assert case_file_of(client).therapist_id == therapist.pk


def test_after_the_move_the_executor_reads_no_note_and_no_longer_reaches_the_client(
    will, therapist2, admin_user, executor
):
    activation, client, note = will
    change = client_services.caseload_transfer_request(
        actor=admin_user, leaver=activation.therapist, successor=therapist2
    )
    account_changes.account_change_approve(actor=_second_admin(), change=change)
    assert case_file_of(client).therapist_id == therapist2.pk
    browser = signed_in(executor)
    client_page = reverse("will_client", kwargs={"ref": activation.ref, "client_ref": client.ref})
    assert browser.get(client_page).status_code == 404
    for url in (
        reverse("client_detail", kwargs={"ref": client.ref}),
        reverse("note_detail", kwargs={"ref": client.ref, "note_ref": note.ref}),
    ):
        response = browser.get(url)
        assert response.status_code in (403, 404), url
        assert NOTE_MARKER not in response.content.decode()
    listing = browser.get(reverse("will_clients", kwargs={"ref": activation.ref}))
    assert "Rhea" not in listing.content.decode()
