"""The signing link from the client's side: the therapist chooses whether it is e-mailed,
the record says what the client did, and the documents stay downloadable for the visit."""

from __future__ import annotations

from django.core import mail
from django.test import Client as Browser
from django.urls import reverse

from contracting.models import Agreement
from tests.conftest import signed_in
from tests.contracting.builders import make_agreement, make_sent_agreement
from tests.contracting.test_signing_link import ACCEPT


def _send_url(client, agreement):
    return reverse("contracting_send", kwargs={"ref": client.ref, "agreement_ref": agreement.ref})


def test_the_therapist_chooses_not_to_email_the_link(
    therapist, new_client, django_capture_on_commit_callbacks
):
    agreement = make_agreement(therapist, new_client)
    browser = signed_in(therapist)
    page = browser.get(reverse("contracting_client", kwargs={"ref": new_client.ref}))
    assert "Also e-mail the link to wilhelmina.x@example.invalid" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(_send_url(new_client, agreement), {})
    assert response.status_code == 200
    assert mail.outbox == []
    assert "not e-mailed, as you chose" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "sent"


def test_the_therapist_chooses_to_email_the_link(
    therapist, new_client, django_capture_on_commit_callbacks
):
    agreement = make_agreement(therapist, new_client)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(therapist).post(_send_url(new_client, agreement), {"by_email": "on"})
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["wilhelmina.x@example.invalid"]]
    assert mail.outbox[0].subject == "Two documents to read and confirm"


def test_the_link_records_that_the_client_read_and_accepted_not_a_discussion(therapist, new_client):
    agreement, token = make_sent_agreement(therapist, new_client)
    Browser().post(reverse("contracting_sign", kwargs={"token": token}), ACCEPT)
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.read_and_accepted and not agreement.discussed
    page = (
        signed_in(therapist)
        .get(reverse("contracting_client", kwargs={"ref": new_client.ref}))
        .content.decode()
    )
    assert "read the documents and accepted them through the link: yes" in page
    assert "Agreement discussed" not in page


def test_after_confirming_the_documents_stay_downloadable_for_that_visit_only(
    therapist, new_client
):
    _, token = make_sent_agreement(therapist, new_client)
    visitor = Browser()
    done = visitor.post(reverse("contracting_sign", kwargs={"token": token}), ACCEPT)
    assert "Keep a copy" in done.content.decode()
    for kind in ("contract", "privacy_notice"):
        url = reverse("contracting_sign_document", kwargs={"token": token, "kind": kind})
        assert url in done.content.decode()
        response = visitor.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        # Someone else with the spent link, in another browser, gets nothing.
        assert Browser().get(url).status_code == 410
    # The spent link itself still does not open the documents again.
    assert visitor.get(reverse("contracting_sign", kwargs={"token": token})).status_code == 410
