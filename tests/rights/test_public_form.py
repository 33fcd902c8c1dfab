"""The public complaint form: no account, CSRF, clear messages for bad input, rate limited
per address and overall, no word of the kind of service, and the same answer for a client
and for anyone else."""

from __future__ import annotations

import re

import pytest
from django.test import Client as Browser
from django.urls import reverse

from practice.idempotency import new_token
from practice.models import AuditEvent
from rights.models import Complaint
from rights.views import public
from tests.conftest import make_client

pytestmark = pytest.mark.django_db(databases="__all__")

SERVICE_WORDS = ("therap", "counsel", "session", "psycho", "client")


def _send(browser: Browser, **values):
    data = {
        "name": "Dora Sender",
        "contact": "dora@example.invalid",
        "about": "You wrote to my old address.",
        "form_token": new_token(),
        **values,
    }
    return browser.post(reverse("complaint_form"), data, REMOTE_ADDR=values.pop("ip", "10.0.0.1"))


def _answer(browser: Browser, response) -> str:
    assert response.status_code == 302, response.content[:500]
    page = browser.get(response["Location"]).content.decode()
    return re.sub(r"CMP-\w{8}", "CMP-REF", page)


def test_the_page_needs_no_account_and_says_nothing_of_the_service():
    page = Browser().get(reverse("complaint_form"))
    assert page.status_code == 200
    html = page.content.decode().lower()
    for word in SERVICE_WORDS:
        assert word not in html, word
    assert 'name="csrfmiddlewaretoken"' in html
    assert "within 30 days" in html


def test_a_complaint_is_received_with_its_reference_and_the_30_days():
    browser = Browser()
    response = _send(browser)
    page = browser.get(response["Location"]).content.decode()
    complaint = Complaint.objects.get()
    assert complaint.reference in page
    assert "acknowledge it within 30 days" in page
    for word in SERVICE_WORDS:
        assert word not in page.lower(), word
    # Nothing of what they wrote in the URL.
    assert "Dora" not in response["Location"] and "address" not in response["Location"]


def test_the_answer_is_the_same_for_a_client_and_for_anyone_else(therapist):
    make_client(therapist, given_name="Dora", family_name="Sender", email="dora@example.invalid")
    as_client = _answer(browser := Browser(), _send(browser))
    as_stranger = _answer(
        other := Browser(), _send(other, name="Eli Stranger", contact="eli@example.invalid")
    )
    assert as_client == as_stranger
    # Neither was linked to a case file: only an admin does that.
    assert set(Complaint.objects.values_list("record_ref", flat=True)) == {""}


def test_csrf_is_required():
    browser = Browser(enforce_csrf_checks=True)
    response = browser.post(reverse("complaint_form"), {"name": "A", "contact": "B", "about": "C"})
    assert response.status_code == 403
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": ""}, "Enter your name."),
        ({"contact": "  "}, "Enter how we should reply to you."),
        ({"about": "x" * 5001}, "What your complaint is about must be 5,000 characters or fewer"),
        ({"name": "n" * 201}, "Your name must be 200 characters or fewer"),
        ({"matter_on": "2026-02-30"}, "Enter a real date"),
        ({"matter_on": "2999-01-01"}, "The date of the matter cannot be in the future."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_kept(values, message):
    response = _send(Browser(), **values)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert not Complaint.objects.exists()


def test_a_flood_from_one_address_is_refused():
    browser = Browser()
    for _ in range(public.PER_ADDRESS_LIMIT):
        assert _send(browser).status_code == 302
    refused = _send(browser)
    assert refused.status_code == 429
    assert Complaint.objects.count() == public.PER_ADDRESS_LIMIT
    event = AuditEvent.objects.get(action="security.rate_limited")
    assert event.details == {"scope": "complaint_form"}
    # Another address is still heard.
    assert _send(Browser(), ip="10.0.0.2").status_code == 302


def test_a_flood_from_many_addresses_is_refused_overall(monkeypatch):
    monkeypatch.setattr(public, "OVERALL_LIMIT", 3)
    for n in range(3):
        assert _send(Browser(), ip=f"10.0.1.{n}").status_code == 302
    assert _send(Browser(), ip="10.0.1.99").status_code == 429
    assert AuditEvent.objects.get(action="security.rate_limited").details == {
        "scope": "complaint_form_all"
    }
    assert Complaint.objects.count() == 3


def test_sending_the_same_form_twice_keeps_one_complaint():
    browser = Browser()
    token = new_token()
    first = _send(browser, form_token=token)
    second = _send(browser, form_token=token)
    assert first.status_code == 302 and second.status_code == 302
    assert Complaint.objects.count() == 1
