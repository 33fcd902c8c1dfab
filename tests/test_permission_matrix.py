"""Every URL × every role × the status that role must get.

The URLs are discovered from the URLconf: a new URL without a row here fails
`test_every_url_has_a_rule`, so no view ships without a decision about who may see it.
Object URLs are requested with objects that belong to `therapist`; `therapist2` is the
colleague who must not reach them (IDOR).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from practice import services
from tests.conftest import make_staff, signed_in

ROLES = ("anonymous", "therapist", "therapist2", "supervisor", "admin")
LOGIN = "login_redirect"  # anonymous visitors are sent to sign in


@dataclass(frozen=True)
class Rule:
    expected: dict[str, int | str]
    kwargs: dict[str, str] = field(default_factory=dict)  # URL kwarg -> object in `world`


def _only(allowed: tuple[str, ...], ok: int = 200, refused: int = 403) -> dict[str, int | str]:
    return {
        role: LOGIN if role == "anonymous" else ok if role in allowed else refused for role in ROLES
    }


THERAPISTS = ("therapist", "therapist2")

RULES: dict[str, Rule] = {
    "login": Rule({"anonymous": 200, **{r: 302 for r in ROLES[1:]}}),
    "logout": Rule({role: 405 for role in ROLES}),  # sign-out is POST only
    "home": Rule({**_only(ROLES[1:], ok=302)}),
    "therapist_dashboard": Rule(_only(THERAPISTS)),
    "supervisor_dashboard": Rule(_only(("supervisor",))),
    "admin_dashboard": Rule(_only(("admin",))),
    "staff_list": Rule(_only(("admin",))),
    "staff_create": Rule(_only(("admin",))),
    "staff_detail": Rule(_only(("admin",)), {"ref": "staff_ref"}),
    "staff_set_active": Rule(_only(("admin",), ok=405), {"ref": "staff_ref"}),
    "supervision_start": Rule(_only(("admin",), ok=405), {"ref": "staff_ref"}),
    "supervision_end": Rule(
        _only(("admin",), ok=405), {"ref": "staff_ref", "link_ref": "link_ref"}
    ),
    "practice_profile": Rule(_only(("admin",))),
    "audit_log": Rule(_only(("admin",))),
}


def _url_names(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_url_has_a_rule():
    missing = _url_names() - set(RULES)
    assert not missing, f"URLs without a permission rule: {sorted(missing)}"


def test_no_rule_for_a_url_that_does_not_exist():
    assert not set(RULES) - _url_names()


@pytest.fixture
def world(db):
    staff = {
        "therapist": make_staff("therapist", "therapist"),
        "therapist2": make_staff("therapist2", "therapist"),
        "supervisor": make_staff("supervisor", "supervisor"),
        "admin": make_staff("admin", "admin"),
    }
    link = services.supervision_start(
        actor=None, therapist=staff["therapist"], supervisor=staff["supervisor"]
    )
    objects = {"staff_ref": staff["therapist"].ref, "link_ref": link.ref}
    return staff, objects


CASES = [(name, role) for name in sorted(RULES) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_role_gets_expected_status(world, name, role):
    staff, objects = world
    rule = RULES[name]
    url = reverse(name, kwargs={kwarg: objects[key] for kwarg, key in rule.kwargs.items()})
    response = signed_in(staff.get(role)).get(url)
    expected = rule.expected[role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{role} GET {url}"
