"""Hostile and random input at every form: a clear error or a clean save, never a 500,
and a refused submission changes nothing."""

from __future__ import annotations

from datetime import time

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from records import services as record_services
from tests.conftest import case_file_of, make_client, make_staff, signed_in

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "' OR '1'='1' --",
            "'); DROP TABLE records_note; --",
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "{{ settings.SECRET_KEY }}",
            "${practice.name}",
            "\x00null byte",
            "\u202eright-to-left override",
            "\ufeffzero\u200bwidth",
            "e\u0301\u0301\u0301 combining",
            "🙂" * 60,
            "x" * 5000,
            "x" * 100_001,
            "2026-02-30",
            "-1",
            "99999999999999999999",
            "../../etc/passwd",
            "\r\nSet-Cookie: a=b",
        ]
    ),
)

# Derandomised: CI sees the same examples every run; raise max_examples locally to explore.
FUZZ = settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"clients", "records", "practice", "contracting", "subject_access", "rights", "wills"}
        and model._meta.label not in {"practice.AuditEvent", "practice.AuditChainHead"}
    }


@pytest.fixture
def world(db):
    therapist = make_staff("therapist", "therapist")
    admin = make_staff("admin", "admin")
    client = make_client(therapist)
    case_file = case_file_of(client)
    note = record_services.note_create(actor=therapist, case_file=case_file, body="Draft")
    signed = record_services.note_create(actor=therapist, case_file=case_file, body="Signed")
    signed = record_services.note_sign(actor=therapist, note=signed, expected_version=1)
    record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=timezone.localdate(),
        start_time=time(9),
        duration_minutes=50,
        modality="video",
        attendance="attended",
    )
    from tests.contracting.builders import make_sent_agreement

    agreement, token = make_sent_agreement(therapist, client)
    from tests.subject_access.builders import log_request

    sar = log_request(admin, client)
    from tests.rights.builders import acknowledged

    return {
        "sar": sar,
        "complaint": acknowledged(admin),
        "therapist": signed_in(therapist),
        "admin": signed_in(admin),
        "anonymous": signed_in(None),
        "agreement": agreement,
        "token": token,
        "client": client,
        "note": note,
        "signed": signed,
        "staff": therapist,
    }


FORMS = [
    (
        "therapist",
        "client_new",
        {},
        [
            "given_name",
            "family_name",
            "email",
            "phone",
            "preferred_contact",
            "date_of_birth",
            "status",
            "message_guidance",
            "address",
            "pronouns",
        ],
    ),
    (
        "therapist",
        "client_edit",
        {"ref": "client"},
        ["given_name", "family_name", "email", "status", "gp_name"],
    ),
    (
        "therapist",
        "session_new",
        {"ref": "client"},
        ["date", "start_time", "duration_minutes", "modality", "attendance"],
    ),
    ("therapist", "note_new", {"ref": "client"}, ["body", "session", "override_reason"]),
    (
        "therapist",
        "note_detail",
        {"ref": "client", "note_ref": "note"},
        ["body", "version", "session", "sign"],
    ),
    ("therapist", "addendum_new", {"ref": "client", "note_ref": "signed"}, ["body"]),
    ("therapist", "consent_record", {"ref": "client"}, ["given_on"]),
    ("therapist", "parent_add", {"ref": "client"}, ["name", "relationship", "email"]),
    ("therapist", "client_end", {"ref": "client"}, ["last_contact_on"]),
    ("therapist", "two_factor_confirm", {}, ["code", "next"]),
    (
        "therapist",
        "password_change",
        {},
        ["old_password", "new_password1", "new_password2", "code"],
    ),
    ("therapist", "account_professional", {}, ["professional_body", "registration_number"]),
    ("admin", "caseload_transfer", {"ref": "staff"}, ["successor"]),
    (
        "therapist",
        "contracting_generate",
        {"ref": "client"},
        ["variant", "competence_assessed", "competence_notes"],
    ),
    (
        "therapist",
        "contracting_acknowledge",
        {"ref": "client", "agreement_ref": "agreement"},
        [
            "acknowledged_on",
            "signed_by",
            "discussed",
            "privacy_notice_provided",
            "supervision_explained",
            "consent_to_records",
        ],
    ),
    (
        "anonymous",
        "contracting_sign",
        {"token": "token"},
        [
            "read_and_understood",
            "signed_by",
            "signer_name",
            "consent_to_records",
            "privacy_notice_provided",
        ],
    ),
    (
        "admin",
        "contracting_template_edit",
        {"kind": "=contract", "variant": "=adult"},
        ["title", "body", "action", "reauth_code"],
    ),
    ("admin", "staff_create", {}, ["username", "password", "roles", "email", "first_name"]),
    (
        "admin",
        "sar_new",
        {},
        ["client", "received_on", "channel", "requester", "requester_name", "identity_method"],
    ),
    (
        "admin",
        "sar_identity",
        {"ref": "sar"},
        ["method", "identity_received_on", "identity_confirmed_on"],
    ),
    (
        "admin",
        "sar_authority",
        {"ref": "sar"},
        ["authority", "authority_received_on", "authority_confirmed_on"],
    ),
    ("admin", "sar_extend", {"ref": "sar"}, ["months", "reason", "why", "told_on"]),
    ("admin", "sar_clarify", {"ref": "sar"}, ["requested_on", "why_needed"]),
    ("admin", "sar_fee", {"ref": "sar"}, ["amount", "fee_asked_on", "basis", "fee_evidence"]),
    ("admin", "sar_fee_received", {"ref": "sar"}, ["fee_received_on"]),
    ("admin", "sar_reviewer", {"ref": "sar"}, ["reviewer"]),
    ("admin", "sar_refuse", {"ref": "sar"}, ["exemption", "reasons", "evidence"]),
    ("admin", "staff_detail", {"ref": "staff"}, ["first_name", "email", "roles"]),
    (
        "admin",
        "practice_profile",
        {},
        [
            "name",
            "ico_registration_number",
            "email",
            "address",
        ],
    ),
    ("admin", "retention_policy", {}, ["years_adult", "until_age_child", "confirmed_newly_due"]),
    ("admin", "legal_holds", {}, ["record_ref", "kind", "details"]),
    ("admin", "disposal", {}, ["record_refs", "confirm"]),
    ("anonymous", "complaint_form", {}, ["name", "contact", "about", "matter_on"]),
    (
        "admin",
        "complaint_new",
        {},
        ["channel", "received_on", "name", "contact", "about", "matter_on"],
    ),
    ("admin", "complaint_note", {"ref": "complaint"}, ["kind", "written_on", "body"]),
    ("admin", "complaint_close", {"ref": "complaint"}, ["closed_on", "outcome"]),
    ("admin", "complaint_assign", {"ref": "complaint"}, ["assignee"]),
]


def _url(world, name, kwargs):
    resolved = {}
    for key, source in kwargs.items():
        if source.startswith("="):  # a literal
            resolved[key] = source[1:]
        else:
            obj = world[source]
            resolved[key] = getattr(obj, "ref", obj)
    return reverse(name, kwargs=resolved)


@pytest.mark.parametrize(("role", "name", "kwargs", "fields"), FORMS, ids=[f[1] for f in FORMS])
def test_hostile_posts_never_break_the_app(world, role, name, kwargs, fields):
    url = _url(world, name, kwargs)
    browser = world[role]

    @FUZZ
    @given(st.fixed_dictionaries({field: HOSTILE for field in fields}))
    def attack(data):
        before = _row_counts()
        response = browser.post(url, data)
        assert response.status_code in (200, 302, 400, 404, 410, 429), response.status_code
        if response.status_code != 302:  # refused: shown again with errors
            assert _row_counts() == before

    attack()


SEARCHES = [
    ("therapist", "therapist_dashboard", ["q", "status", "page"]),
    ("admin", "audit_log", ["action", "actor", "target_ref", "since", "until", "page"]),
    ("admin", "staff_list", ["page"]),
    ("admin", "retention_overview", ["since", "until"]),
    ("admin", "sar_new", ["q", "client"]),
    ("therapist", "client_detail", ["notes", "sessions"]),
]


@pytest.mark.parametrize(("role", "name", "fields"), SEARCHES, ids=[s[1] for s in SEARCHES])
def test_hostile_query_strings_never_break_a_page(world, role, name, fields):
    url = reverse(name, kwargs={"ref": world["client"].ref} if name == "client_detail" else {})

    @FUZZ
    @given(st.fixed_dictionaries({field: HOSTILE for field in fields}))
    def attack(params):
        response = world[role].get(url, {k: v.replace("\x00", "") for k, v in params.items()})
        assert response.status_code == 200

    attack()


@FUZZ
@given(username=HOSTILE, password=HOSTILE)
def test_hostile_sign_in_attempts_get_a_clear_answer(db, username, password):
    from django.test import Client

    response = Client().post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in (200, 429)


def test_an_over_long_username_is_refused_before_it_reaches_the_lockout_tables(db):
    from django.test import Client

    response = Client().post(reverse("login"), {"username": "x" * 5000, "password": "0"})
    assert response.status_code == 200
    assert "Sign-in failed" in response.content.decode()
