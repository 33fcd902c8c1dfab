"""Bidirectional control characters would make a name display back to front on pages and
in the contract: every identity field refuses them, saying why, and nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clients.forms import ClientForm, ParentForm
from clients.models import Client
from contracting.forms import AcceptForm
from tests.conftest import signed_in

CONTROLS = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
]
MESSAGE = "changes the direction of text"
TEXT_FIELDS = [
    name
    for name in ClientForm._meta.fields
    if name
    not in {
        "date_of_birth",
        "age_if_no_birth_date",
        "status",
        "preferred_contact",
        "email",
        "contacts_for_executor",  # a box, not text
    }
]


def _valid_client(**overrides):
    return {
        "given_name": "Nell",
        "family_name": "Ambry",
        "status": "active",
        "email": "nell@example.invalid",
        "preferred_contact": "email",
        **overrides,
    }


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_adding_a_client_with_a_direction_control_is_refused(therapist, control):
    response = signed_in(therapist).post(
        reverse("client_new"), _valid_client(family_name=f"Ambry{control}yrbma")
    )
    assert response.status_code in (200, 400)
    assert MESSAGE in response.content.decode()
    assert not Client.objects.exists()


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_every_identity_text_field_refuses_direction_controls(db, field):
    form = ClientForm(data=_valid_client(**{field: "Something \u202e reversed"}))
    assert not form.is_valid()
    assert any(MESSAGE in error for error in form.errors[field])


@pytest.mark.parametrize("field", ["name", "relationship", "phone", "address"])
def test_a_person_with_parental_responsibility_refuses_them_too(db, field):
    data = {"name": "Ida Ambry", "relationship": "Mother", field: "x\u2067y"}
    form = ParentForm(data=data)
    assert not form.is_valid()
    assert any(MESSAGE in error for error in form.errors[field])


def test_the_name_typed_to_sign_refuses_them(db):
    form = AcceptForm(
        data={
            "read_and_understood": "on",
            "privacy_notice_provided": "on",
            "supervision_explained": "on",
            "signed_by": "client",
            "signer_name": "Nell \u202eyrbmA",
        },
        variant="adult",
    )
    assert not form.is_valid()
    assert MESSAGE in form.errors["signer_name"][0]


def test_ordinary_right_to_left_names_are_welcome(db):
    form = ClientForm(data=_valid_client(given_name="سلمى", family_name="כהן"))
    assert form.is_valid(), form.errors
