"""One rule of supervision, asked three ways: `supervises` (a yes or no), `supervisee_ids`
(a subquery) and `supervisors_of` (people). Every way must give the same answer in every
case, including the cases where copies of the rule used to drift apart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from practice import permissions
from practice.models import Supervision, User
from practice.roles import Role
from tests.conftest import make_staff


def _answers(supervisor, therapist) -> tuple[bool, bool, bool]:
    return (
        permissions.supervises(supervisor, therapist.pk),
        therapist.pk
        in set(permissions.supervisee_ids(supervisor).values_list("therapist_id", flat=True)),
        supervisor in set(permissions.supervisors_of(therapist.pk)),
    )


def _link(therapist, supervisor, *, starts_in=0, ended_days_ago=None):
    today = timezone.localdate()
    return Supervision.objects.create(
        therapist=therapist,
        supervisor=supervisor,
        starts_on=today + timedelta(days=starts_in),
        ends_on=None if ended_days_ago is None else today - timedelta(days=ended_days_ago),
    )


@pytest.mark.django_db(databases="__all__")
@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("current link", True),
        ("link ends today", True),
        ("link ended", False),
        ("link starts tomorrow", False),
        ("no link", False),
        ("supervisor deactivated", False),
        ("supervisor lost the role", False),
        ("link to someone else", False),
    ],
)
def test_supervision_is_one_rule_asked_three_ways(case, expected):
    therapist = make_staff("t1", Role.THERAPIST)
    other = make_staff("t2", Role.THERAPIST)
    supervisor = make_staff("s1", Role.SUPERVISOR)
    if case == "current link":
        _link(therapist, supervisor, starts_in=-10)
    elif case == "link ends today":
        _link(therapist, supervisor, starts_in=-10, ended_days_ago=0)
    elif case == "link ended":
        _link(therapist, supervisor, starts_in=-10, ended_days_ago=1)
    elif case == "link starts tomorrow":
        _link(therapist, supervisor, starts_in=1)
    elif case == "supervisor deactivated":
        _link(therapist, supervisor, starts_in=-10)
        supervisor.is_active = False
        supervisor.save(update_fields=["is_active"])
    elif case == "supervisor lost the role":
        _link(therapist, supervisor, starts_in=-10)
        supervisor.groups.remove(Group.objects.get(name=Role.SUPERVISOR))
        supervisor = User.objects.get(pk=supervisor.pk)
    elif case == "link to someone else":
        _link(other, supervisor, starts_in=-10)
    assert _answers(supervisor, therapist) == (expected, expected, expected)


@pytest.mark.django_db(databases="__all__")
def test_a_therapist_who_is_also_a_supervisor_never_supervises_themselves():
    both = make_staff("both", Role.THERAPIST, Role.SUPERVISOR)
    assert _answers(both, both) == (False, False, False)


@pytest.mark.django_db(databases="__all__")
def test_someone_without_the_role_supervises_no_one(supervision, therapist):
    assert list(permissions.supervisee_ids(therapist)) == []
    assert permissions.supervises(None, therapist.pk) is False
