"""A staff account records whether the person is a health professional (DPA 2018 s.204),
with their register and number; another admin records it, never the person themselves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practice.models import AuditEvent, User
from practice.staff_health import staff_health_profession_set
from tests.conftest import make_staff, signed_in


def test_an_admin_records_a_colleague_as_a_practitioner_psychologist(admin_user, therapist):
    page = signed_in(admin_user)
    done = page.post(
        reverse("staff_health_profession", args=[therapist.ref]),
        {
            "health_profession": "psychologist",
            "health_register": "HCPC",
            "health_register_number": "PYL01234",
        },
    )
    assert done.status_code == 302
    therapist = User.objects.get(pk=therapist.pk)
    assert therapist.is_health_professional
    assert (therapist.health_register, therapist.health_register_number) == ("HCPC", "PYL01234")
    body = page.get(reverse("staff_detail", args=[therapist.ref])).content.decode()
    assert "PYL01234" in body and "section 204" in body
    event = AuditEvent.objects.get(action="staff.health_profession")
    assert event.details == {"profession": "psychologist"}


def test_a_profession_without_its_number_is_refused_on_the_page(admin_user, therapist):
    refused = signed_in(admin_user).post(
        reverse("staff_health_profession", args=[therapist.ref]),
        {"health_profession": "doctor", "health_register": "GMC"},
    )
    assert refused.status_code == 400
    assert "Give their registration number." in refused.content.decode()
    assert not User.objects.get(pk=therapist.pk).is_health_professional


def test_nobody_records_themselves_as_a_health_professional(db):
    admin = make_staff("soloadmin", "admin", "therapist")
    with pytest.raises(ValidationError, match="Another admin records"):
        staff_health_profession_set(
            actor=admin, user=admin, profession="doctor", register="GMC", register_number="1"
        )
    assert not User.objects.get(pk=admin.pk).is_health_professional
    assert not AuditEvent.objects.filter(action="staff.health_profession").exists()


def test_not_a_health_professional_clears_the_register(admin_user, therapist):
    staff_health_profession_set(
        actor=admin_user, user=therapist, profession="nurse", register="NMC", register_number="9"
    )
    staff_health_profession_set(
        actor=admin_user, user=therapist, profession="", register="NMC", register_number="9"
    )
    therapist = User.objects.get(pk=therapist.pk)
    assert not therapist.is_health_professional and not therapist.health_register_number


def test_a_sole_practitioner_is_recorded_from_the_server(db):
    from django.core.management import CommandError, call_command

    solo = make_staff("solo", "admin", "therapist")
    with pytest.raises(CommandError, match="Give their registration number"):
        call_command("staff_health_profession", "solo", "--profession", "psychologist")
    with pytest.raises(CommandError, match="No account is called 'nobody'"):
        call_command("staff_health_profession", "nobody", "--profession", "none")
    assert not AuditEvent.objects.filter(action="staff.health_profession").exists()
    call_command(
        "staff_health_profession",
        "solo",
        "--profession",
        "psychologist",
        "--register",
        "HCPC",
        "--number",
        "PYL55555",
    )
    solo = User.objects.get(pk=solo.pk)
    assert solo.is_health_professional and solo.health_register_number == "PYL55555"
    assert AuditEvent.objects.get(action="staff.health_profession").source == "server"
    call_command("staff_health_profession", "solo", "--profession", "none")
    assert not User.objects.get(pk=solo.pk).is_health_professional
