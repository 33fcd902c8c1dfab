"""One-time form tokens: a repeated POST of a create form returns the first result and
creates nothing (a double click on a slow line, a resubmit, two requests at once)."""

import importlib
import threading
from types import SimpleNamespace

import pytest
from django.db import connections
from django.urls import reverse

from clients.models import Client
from practice.idempotency import FIELD, new_token
from practice.models import FormSubmission
from records import services as record_services
from records.models import Addendum, Note
from tests.conftest import case_file_of, make_client, signed_in
from tests.practice.test_audit import committed_audit  # noqa: F401 - fixture

NEW_CLIENT = {
    "given_name": "Robin",
    "family_name": "Twiceclicked",
    "preferred_contact": "email",
    "email": "robin@example.invalid",
    "status": "active",
}


def test_a_repeated_add_client_post_creates_one_client_and_returns_the_first(therapist):
    browser = signed_in(therapist)
    data = {**NEW_CLIENT, FIELD: new_token()}
    first = browser.post(reverse("client_new"), data)
    second = browser.post(reverse("client_new"), data, follow=True)
    assert Client.objects.count() == 1
    client = Client.objects.get()
    assert first.status_code == 302
    assert first["Location"] == reverse("client_detail", kwargs={"ref": client.ref})
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already sent, so nothing was added twice" in second.content.decode()


def test_a_repeated_addendum_post_adds_one_addendum(therapist):
    client = make_client(therapist)
    case_file = case_file_of(client)
    note = record_services.note_create(actor=therapist, case_file=case_file, body="Session.")
    note = record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    url = reverse("addendum_new", kwargs={"ref": client.ref, "note_ref": note.ref})
    browser = signed_in(therapist)
    data = {"body": "A correction.", FIELD: new_token()}
    first = browser.post(url, data)
    second = browser.post(url, data)
    assert Addendum.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_a_refused_submission_releases_its_token_for_the_corrected_form(therapist):
    browser = signed_in(therapist)
    token = new_token()
    refused = browser.post(reverse("client_new"), {**NEW_CLIENT, "given_name": "", FIELD: token})
    assert refused.status_code == 200
    assert not FormSubmission.objects.exists()
    accepted = browser.post(reverse("client_new"), {**NEW_CLIENT, FIELD: token})
    assert accepted.status_code == 302
    assert Client.objects.count() == 1


def test_a_token_used_on_another_form_is_refused_and_creates_nothing(therapist):
    client = make_client(therapist)
    browser = signed_in(therapist)
    token = new_token()
    browser.post(reverse("client_new"), {**NEW_CLIENT, FIELD: token})
    response = browser.post(
        reverse("note_new", kwargs={"ref": client.ref}), {"body": "A note.", FIELD: token}
    )
    assert response.status_code == 409
    assert "already sent" in response.content.decode()
    assert not Note.objects.exists()


def test_another_persons_token_gets_nothing_of_theirs(therapist, therapist2):
    token = new_token()
    signed_in(therapist).post(reverse("client_new"), {**NEW_CLIENT, FIELD: token})
    response = signed_in(therapist2).post(reverse("client_new"), {**NEW_CLIENT, FIELD: token})
    assert response.status_code == 409
    assert Client.objects.count() == 1


@pytest.mark.parametrize(
    "page",
    ["client_new", "session_new", "note_new", "client_detail", "note_detail"],
)
def test_every_create_form_carries_a_one_time_token(therapist, page):
    client = make_client(therapist)
    case_file = case_file_of(client)
    note = record_services.note_create(actor=therapist, case_file=case_file, body="Session.")
    record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    kwargs = {
        "client_new": {},
        "note_detail": {"ref": client.ref, "note_ref": note.ref},
    }.get(page, {"ref": client.ref})
    html = signed_in(therapist).get(reverse(page, kwargs=kwargs)).content.decode()
    assert f'name="{FIELD}"' in html


@pytest.fixture
def roles_after_flush(transactional_db):
    """A transactional test that ran before this one flushed what the migrations made;
    make the roles again, as the migration does."""
    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("practice.migrations.0002_roles_triggers_profile")
    migration.create_roles(apps, SimpleNamespace(connection=connection))


def test_two_concurrent_add_client_posts_leave_one_client(
    committed_audit,  # noqa: F811
    roles_after_flush,
    therapist,
):
    """Two real connections, the same form sent twice at the same moment."""
    data = {**NEW_CLIENT, FIELD: new_token()}
    browsers = [signed_in(therapist), signed_in(therapist)]
    start = threading.Barrier(2)
    responses, errors = [], []

    def post(browser) -> None:
        try:
            start.wait()
            responses.append(browser.post(reverse("client_new"), data))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Client.objects.count() == 1
    client = Client.objects.get()
    expected = reverse("client_detail", kwargs={"ref": client.ref})
    assert sorted(response.status_code for response in responses) == [302, 302]
    assert {response["Location"] for response in responses} == {expected}


def test_a_repeat_while_the_first_is_still_running_creates_nothing(therapist, monkeypatch):
    """The first submission has claimed the token and not finished (or never will): the
    repeat waits a little, then says so instead of creating a second client."""
    from practice import idempotency

    monkeypatch.setattr(idempotency, "WAIT_SECONDS", 0.2)
    token = new_token()
    FormSubmission.objects.create(
        token=token, user_id=therapist.pk, form="clients.views.clients.client_new"
    )
    response = signed_in(therapist).post(reverse("client_new"), {**NEW_CLIENT, FIELD: token})
    assert response.status_code == 409
    assert "Nothing was added twice" in response.content.decode()
    assert not Client.objects.exists()
