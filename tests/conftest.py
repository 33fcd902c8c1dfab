"""Shared builders: staff in each role, signed-in clients."""

from __future__ import annotations

import pytest
from django.test import Client

from practice import services
from practice.models import User
from practice.roles import Role

PASSWORD = "a-long-test-password-1"


def make_staff(username: str, *roles: str, **extra) -> User:
    return services.staff_create(
        actor=None, username=username, password=PASSWORD, roles=list(roles), **extra
    )


@pytest.fixture
def therapist(db) -> User:
    return make_staff("therapist", Role.THERAPIST, first_name="Alex")


@pytest.fixture
def therapist2(db) -> User:
    return make_staff("therapist2", Role.THERAPIST, first_name="Sam")


@pytest.fixture
def supervisor(db) -> User:
    return make_staff("supervisor", Role.SUPERVISOR, first_name="Jordan")


@pytest.fixture
def admin_user(db) -> User:
    return make_staff("admin", Role.ADMIN, first_name="Morgan")


@pytest.fixture
def supervision(therapist, supervisor):
    return services.supervision_start(actor=None, therapist=therapist, supervisor=supervisor)


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def admin_client_(admin_user) -> Client:
    return signed_in(admin_user)
