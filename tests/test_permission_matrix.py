"""Every URL × every role × the status that role must get.

The URLs are discovered from the URLconf: a new URL without a row here fails
`test_every_url_has_a_rule`, so no view ships without a decision about who may see it.
Object URLs are requested with objects that belong to `therapist`; `therapist2` is the
colleague who must not reach them (IDOR). `supervisor` supervises `therapist`;
`supervisor2` supervises only `therapist2`, so must not reach `therapist`'s requests.
`executor` holds only the executor role and is named in `therapist`'s professional will,
activated (access open): every client, record, disclosure and subject access page still
refuses them; they reach only their own wills pages (and their own account).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clients import services as client_services
from practice import services
from practice.actions import rolled_back_trial
from practice.models import AuditEvent
from records import holds
from records import services as record_services
from subject_access import services as sar_services
from tests.conftest import TESTS, case_file_of, make_client, make_staff, signed_in
from tests.contracting.builders import matrix_objects
from tests.disclosures.builders import matrix_objects as disclosure_objects
from tests.rights.builders import (
    breach_matrix_objects,
    erasure_matrix_objects,
    objection_matrix_objects,
    rectification_matrix_objects,
    restriction_matrix_objects,
)
from tests.rights.builders import matrix_objects as complaint_objects
from tests.subject_access.builders import compiled
from tests.wills.builders import matrix_objects as will_objects

# One worker runs the whole module (`--dist loadgroup`), so its world is built once and its
# open transaction never interleaves with another module's tests on that worker.
pytestmark = pytest.mark.xdist_group("permission-matrix")

ROLES = ("anonymous", "therapist", "therapist2", "supervisor", "supervisor2", "admin", "executor")
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
CLIENT = {"ref": "client_ref"}
SAR = {"ref": "sar_ref"}
COMPLAINT = {"ref": "complaint_ref"}
BREACH = {"ref": "breach_ref"}
RECTIFICATION = {"ref": "rectification_ref"}
OBJECTION = {"ref": "objection_ref"}
ERASURE = {"ref": "erasure_ref"}
RESTRICTION = {"ref": "restriction_request_ref"}
NOMINATION = {"ref": "nomination_ref"}
ACTIVATION = {"ref": "activation_ref"}
WILL_CLIENT = {"ref": "activation_ref", "client_ref": "will_client_ref"}


def _own_client(*, post_only: bool = False) -> dict[str, int | str]:
    """Only the client's own therapist; a colleague gets 404 (they must not learn it exists).

    POST-only pages answer a GET with 405 before looking anything up; the POST matrix
    below proves a colleague's POST is refused with 404 too."""
    expected = _only(("therapist",), ok=405 if post_only else 200)
    expected["therapist2"] = 405 if post_only else 404
    return expected


SUPERVISORS = ("supervisor", "supervisor2")
DRAFT = {"ref": "draft_ref"}
SUBMITTED = {"ref": "submitted_ref"}
APPROVED = {"ref": "approved_ref"}


def _reviewer() -> dict[str, int | str]:
    """Only a current supervisor of the requesting therapist; another supervisor gets 404."""
    expected = _only(("supervisor",))
    expected["supervisor2"] = 404
    return expected


RULES: dict[str, Rule] = {
    "login": Rule({"anonymous": 200, **{r: 302 for r in ROLES[1:]}}),
    "logout": Rule({role: 405 for role in ROLES}),  # sign-out is POST only
    "home": Rule({**_only(ROLES[1:], ok=302)}),
    "password_reset": Rule({role: 200 for role in ROLES}),
    "password_reset_done": Rule({role: 200 for role in ROLES}),
    "password_reset_confirm": Rule(
        {role: 200 for role in ROLES}, {"uidb64": "uid", "token": "token"}
    ),
    "password_reset_complete": Rule({role: 200 for role in ROLES}),
    "therapist_dashboard": Rule(_only(THERAPISTS)),
    "admin_dashboard": Rule(_only(("admin",))),
    "staff_list": Rule(_only(("admin",))),
    "staff_create": Rule(_only(("admin",))),
    "staff_detail": Rule(_only(("admin",)), {"ref": "staff_ref"}),
    "staff_set_active": Rule(_only(("admin",), ok=405), {"ref": "staff_ref"}),
    "staff_health_profession": Rule(_only(("admin",), ok=405), {"ref": "staff_ref"}),
    "supervision_start": Rule(_only(("admin",), ok=405), {"ref": "staff_ref"}),
    "supervision_end": Rule(
        _only(("admin",), ok=405), {"ref": "staff_ref", "link_ref": "link_ref"}
    ),
    "practice_profile": Rule(_only(("admin",))),
    "audit_log": Rule(_only(("admin",))),
    "staff_two_factor_reset": Rule(_only(("admin",), ok=405), {"ref": "staff_ref"}),
    "caseload_transfer": Rule(_only(("admin",)), {"ref": "staff_ref"}),
    "staff_password_reset": Rule(_only(("admin",), ok=405), {"ref": "staff_ref"}),
    "account_change_list": Rule(_only(ROLES[1:])),
    # An unknown request is a 404 for everyone (POST only for one that exists).
    "account_change_decide": Rule(
        {**{role: 405 for role in ROLES}, "anonymous": LOGIN},
        {"ref": "staff_ref", "decision": "decision"},
    ),
    # Passkeys (django-otp-webauthn's JSON endpoints): POST only; the gate for people who
    # have not passed the second factor is tested in tests/practice/test_two_factor.py.
    "otp_webauthn:credential-registration-begin": Rule(
        {**{role: 405 for role in ROLES}, "anonymous": 403}
    ),
    "otp_webauthn:credential-registration-complete": Rule(
        {**{role: 405 for role in ROLES}, "anonymous": 403}
    ),
    "otp_webauthn:credential-authentication-begin": Rule(
        {**{role: 405 for role in ROLES}, "anonymous": 403}
    ),
    "otp_webauthn:credential-authentication-complete": Rule(
        {**{role: 405 for role in ROLES}, "anonymous": 403}
    ),
    "otp_webauthn:js-i18n-catalog": Rule({role: 200 for role in ROLES}),
    # Second factor and account: every member of staff, for themselves only.
    "account": Rule(_only(ROLES[1:])),
    "password_change": Rule(_only(ROLES[1:])),
    "account_professional": Rule(_only(ROLES[1:])),
    "two_factor_verify": Rule(_only(ROLES[1:], ok=302)),  # already verified: sent on
    "two_factor_setup": Rule(_only(ROLES[1:])),
    # Key material only for the session that started a set-up: none has here.
    "two_factor_qr": Rule(_only(ROLES[1:], ok=404)),
    "two_factor_recovery_codes": Rule(_only(ROLES[1:])),
    "two_factor_new_codes": Rule(_only(ROLES[1:], ok=405)),
    "two_factor_confirm": Rule(_only(ROLES[1:])),
    # Client pages: the client belongs to `therapist`; `therapist2` must get a 404.
    "client_new": Rule(_only(THERAPISTS)),
    "client_detail": Rule(_own_client(), CLIENT),
    "client_edit": Rule(_own_client(), CLIENT),
    "client_end": Rule(_own_client(), CLIENT),
    "consent_record": Rule(_own_client(post_only=True), CLIENT),
    "consent_withdraw": Rule(_own_client(post_only=True), CLIENT),
    "parent_add": Rule(_own_client(post_only=True), CLIENT),
    "parent_remove": Rule(_own_client(post_only=True), {**CLIENT, "person_ref": "person_ref"}),
    "session_new": Rule(_own_client(), CLIENT),
    "session_edit": Rule(_own_client(), {**CLIENT, "session_ref": "session_ref"}),
    "note_new": Rule(_own_client(), CLIENT),
    "note_detail": Rule(_own_client(), {**CLIENT, "note_ref": "note_ref"}),
    "addendum_new": Rule(_own_client(post_only=True), {**CLIENT, "note_ref": "note_ref"}),
    # -- Contracting (issue 6) ------------------------------------------------------------
    # The client's own therapist only; the signing link needs no account (the token is the
    # key), so everyone, signed in or not, gets the same page; admins publish the documents.
    "contracting_client": Rule(_own_client(), CLIENT),
    "contracting_preview": Rule(_own_client(), {**CLIENT, "kind": "document_kind"}),
    "contracting_generate": Rule(_own_client(post_only=True), CLIENT),
    "contracting_send": Rule(
        _own_client(post_only=True), {**CLIENT, "agreement_ref": "agreement_ref"}
    ),
    "contracting_acknowledge": Rule(_own_client(), {**CLIENT, "agreement_ref": "agreement_ref"}),
    "contracting_withdraw": Rule(
        _own_client(post_only=True), {**CLIENT, "agreement_ref": "agreement_ref"}
    ),
    "contracting_document": Rule(
        _own_client(), {**CLIENT, "agreement_ref": "agreement_ref", "kind": "document_kind"}
    ),
    "contracting_sign": Rule({role: 200 for role in ROLES}, {"token": "signing_token"}),
    "contracting_sign_document": Rule(
        {role: 200 for role in ROLES}, {"token": "signing_token", "kind": "document_kind"}
    ),
    # -- Retention, legal holds and disposal (issue 13): admins only, references only;
    # removing a client added by mistake is for the client's own therapist.
    "client_remove": Rule(_own_client(), CLIENT),
    "retention_overview": Rule(_only(("admin",))),
    "retention_policy": Rule(_only(("admin",))),
    "legal_holds": Rule(_only(("admin",))),
    "legal_hold_lift": Rule(_only(("admin",), ok=405), {"ref": "hold_ref"}),
    "disposal": Rule(_only(("admin",))),
    "emergency_pattern": Rule(_only(("admin",))),
    "adult_rule_confirm": Rule(_only(("admin",), ok=405), {"record_ref": "record_ref"}),
    "contracting_templates": Rule(_only(("admin",))),
    # -- Subject access (issue 12) --------------------------------------------------------
    # Admins run requests and alone download archives (a therapist or supervisor cannot);
    # the review pages belong to the assigned therapist only (a colleague gets 404).
    # The data-protection evidence pack (issue 23, item 4): admins only.
    "evidence_pack": Rule(_only(("admin",))),
    "sar_dashboard": Rule(_only(("admin",))),
    "sar_new": Rule(_only(("admin",))),
    "sar_detail": Rule(_only(("admin",)), SAR),
    "sar_identity": Rule(_only(("admin",), ok=405), SAR),
    "sar_authority": Rule(_only(("admin",), ok=405), SAR),
    "sar_young_person": Rule(_only(("admin",), ok=405), SAR),
    "sar_answer_young_person": Rule(_only(("admin",), ok=405), SAR),
    "sar_clarify": Rule(_only(("admin",), ok=405), SAR),
    "sar_clarified": Rule(_only(("admin",), ok=405), SAR),
    "sar_extend": Rule(_only(("admin",), ok=405), SAR),
    "sar_fee": Rule(_only(("admin",), ok=405), SAR),
    "sar_fee_received": Rule(_only(("admin",), ok=405), SAR),
    "sar_reviewer": Rule(_only(("admin",), ok=405), SAR),
    "sar_compile": Rule(_only(("admin",), ok=405), SAR),
    "sar_progress": Rule(_only(("admin",)), SAR),
    "sar_release": Rule(_only(("admin",), ok=405), SAR),
    "sar_health_basis": Rule(_only(("admin",), ok=405), SAR),
    "sar_refuse": Rule(_only(("admin",), ok=405), SAR),
    "sar_refusal_approve": Rule(_only(("admin",), ok=405), SAR),
    "sar_refusal_withdraw": Rule(_only(("admin",), ok=405), SAR),
    # The letters to the person: a preview, and a kept letter's PDF (every read audited).
    "sar_letter": Rule(_only(("admin",)), {**SAR, "kind": "sar_letter_kind"}),
    "sar_letter_pdf": Rule(_only(("admin",)), {**SAR, "letter_ref": "sar_letter_ref"}),
    # Not released yet in this world: the admin is sent back to the request with a message
    # (tests/subject_access/test_pages.py downloads a released one).
    "sar_download": Rule(_only(("admin",), ok=302), SAR),
    "sar_reviews": Rule(_only(THERAPISTS)),
    "sar_review": Rule({**_only(("therapist",)), "therapist2": 404}, SAR),
    "sar_redact": Rule({**_only(("therapist",), ok=405), "therapist2": 405}, SAR),
    "sar_review_done": Rule({**_only(("therapist",), ok=405), "therapist2": 405}, SAR),
    "sar_part_done": Rule(
        {**_only(("therapist",), ok=405), "therapist2": 405}, {**SAR, "part": "sar_part"}
    ),
    "sar_held_back": Rule({**_only(("therapist",), ok=405), "therapist2": 405}, SAR),
    "contracting_template_edit": Rule(
        _only(("admin",)), {"kind": "document_kind", "variant": "document_variant"}
    ),
    # -- Disclosures (issue 11) -------------------------------------------------------------
    # The requesting therapist only (a colleague gets 404); the reviewing pages only for a
    # current supervisor of the requester (`supervisor2`, who supervises someone else, 404).
    "disclosure_list": Rule(_only(THERAPISTS)),
    "client_disclosures": Rule(_own_client(), CLIENT),
    "disclosure_start": Rule(_own_client(), CLIENT),
    # A restriction's review (issue 18): the client's own therapist keeps it or asks to lift
    # it; only a current supervisor of that therapist agrees.
    "restriction_review": Rule(_own_client(), {**CLIENT, "record_ref": "restricted_record_ref"}),
    "restriction_lift_ask": Rule(
        _own_client(post_only=True), {**CLIENT, "record_ref": "restricted_record_ref"}
    ),
    "restriction_lift_withdraw": Rule(
        _own_client(post_only=True), {**CLIENT, "record_ref": "restricted_record_ref"}
    ),
    "restriction_lift_review": Rule(_reviewer(), {"ref": "lift_ref"}),
    "disclosure_detail": Rule(_own_client(), DRAFT),
    "disclosure_step": Rule(_own_client(), {**DRAFT, "step": "step_name"}),
    "disclosure_quotes": Rule(_own_client(), DRAFT),
    "disclosure_quote_remove": Rule(
        _own_client(post_only=True), {**DRAFT, "quote_ref": "quote_ref"}
    ),
    "disclosure_submit": Rule(_own_client(post_only=True), DRAFT),
    "disclosure_withdraw": Rule(_own_client(post_only=True), DRAFT),
    "disclosure_close": Rule(_own_client(post_only=True), DRAFT),
    "disclosure_disclose": Rule(_own_client(), APPROVED),
    "disclosure_emergency": Rule(_own_client(), DRAFT),
    "disclosure_report": Rule(_own_client(), APPROVED),
    "disclosure_report_pdf": Rule(_own_client(), {**APPROVED, "report_ref": "report_ref"}),
    "disclosure_record_pdf": Rule(_own_client(), APPROVED),
    # Documents kept with a request (issue 24, item 4): added by its therapist only; opened
    # by its therapist or their current supervisor once it is sent (anyone else 404/403).
    "disclosure_evidence_add": Rule(_own_client(post_only=True), DRAFT),
    "disclosure_evidence_file": Rule(
        {**_own_client(), "supervisor": 200, "supervisor2": 404},
        {**SUBMITTED, "evidence_ref": "evidence_ref"},
    ),
    "disclosure_court_order_checks": Rule(_own_client(post_only=True), DRAFT),
    "supervisor_dashboard": Rule(_only(SUPERVISORS)),
    "reviews_decided": Rule(_only(SUPERVISORS)),
    "supervisees": Rule(_only(SUPERVISORS)),
    "disclosure_review": Rule(_reviewer(), SUBMITTED),
    "disclosure_review_pdf": Rule(_reviewer(), SUBMITTED),
    # -- The data-protection desk: complaints (issue 23, item 1) ---------------------------
    # Anyone may complain, signed in or not, with no account; only admins handle complaints
    # (a therapist or supervisor, even the client's own therapist, gets 403).
    "complaint_form": Rule({role: 200 for role in ROLES}),
    "complaint_received": Rule({role: 200 for role in ROLES}),
    "complaint_desk": Rule(_only(("admin",))),
    "complaint_new": Rule(_only(("admin",))),
    "complaint_detail": Rule(_only(("admin",)), COMPLAINT),
    "complaint_link": Rule(_only(("admin",)), COMPLAINT),
    "complaint_assign": Rule(_only(("admin",), ok=405), COMPLAINT),
    "complaint_acknowledge": Rule(_only(("admin",), ok=405), COMPLAINT),
    "complaint_note": Rule(_only(("admin",), ok=405), COMPLAINT),
    "complaint_close": Rule(_only(("admin",), ok=405), COMPLAINT),
    "complaint_letter": Rule(
        _only(("admin",)), {**COMPLAINT, "letter_ref": "complaint_letter_ref"}
    ),
    # -- The breach register (issue 23, item 3) and the desk (item 5): the admin's alone --
    "desk": Rule(_only(("admin",))),
    "breach_list": Rule(_only(("admin",))),
    "breach_new": Rule(_only(("admin",))),
    "breach_detail": Rule(_only(("admin",)), BREACH),
    "breach_records": Rule(_only(("admin",)), BREACH),
    "breach_assess": Rule(_only(("admin",), ok=405), BREACH),
    "breach_notify_ico": Rule(_only(("admin",), ok=405), BREACH),
    "breach_not_notify": Rule(_only(("admin",), ok=405), BREACH),
    "breach_notify_people": Rule(_only(("admin",), ok=405), BREACH),
    "breach_remediate": Rule(_only(("admin",), ok=405), BREACH),
    "breach_close": Rule(_only(("admin",), ok=405), BREACH),
    # -- Rectification requests (issue 23, item 2): the admin logs, acknowledges, extends and
    # sends the outcome; the client's own therapist alone responds (a colleague: 404).
    "rectification_new": Rule(_only(("admin",))),
    "rectification_detail": Rule(_only(("admin",)), RECTIFICATION),
    "rectification_acknowledge": Rule(_only(("admin",), ok=405), RECTIFICATION),
    "rectification_extend": Rule(_only(("admin",), ok=405), RECTIFICATION),
    "rectification_close": Rule(_only(("admin",), ok=405), RECTIFICATION),
    "rectification_letter": Rule(
        _only(("admin",)), {**RECTIFICATION, "letter_ref": "rectification_letter_ref"}
    ),
    "rectification_mine": Rule(_only(THERAPISTS)),
    "rectification_respond": Rule(_own_client(), RECTIFICATION),
    # Objections (issue 23, item 2): the admin's alone, decided with reasons.
    "objection_new": Rule(_only(("admin",))),
    "objection_detail": Rule(_only(("admin",)), OBJECTION),
    "objection_acknowledge": Rule(_only(("admin",), ok=405), OBJECTION),
    "objection_extend": Rule(_only(("admin",), ok=405), OBJECTION),
    "objection_decide": Rule(_only(("admin",), ok=405), OBJECTION),
    "objection_letter": Rule(
        _only(("admin",)), {**OBJECTION, "letter_ref": "objection_letter_ref"}
    ),
    # Erasure (issue 23, item 2): the admin's alone; carried out through disposal.
    "erasure_new": Rule(_only(("admin",))),
    "erasure_detail": Rule(_only(("admin",)), ERASURE),
    "erasure_acknowledge": Rule(_only(("admin",), ok=405), ERASURE),
    "erasure_extend": Rule(_only(("admin",), ok=405), ERASURE),
    "erasure_decide": Rule(_only(("admin",), ok=405), ERASURE),
    "erasure_carry_out": Rule(_only(("admin",), ok=405), ERASURE),
    "erasure_letter": Rule(_only(("admin",)), {**ERASURE, "letter_ref": "erasure_letter_ref"}),
    # Restriction of processing (issue 23, item 2; UK GDPR Art. 18): the admin's alone.
    "restriction_request_new": Rule(_only(("admin",))),
    "restriction_request_detail": Rule(_only(("admin",)), RESTRICTION),
    "restriction_request_acknowledge": Rule(_only(("admin",), ok=405), RESTRICTION),
    "restriction_request_extend": Rule(_only(("admin",), ok=405), RESTRICTION),
    "restriction_request_apply": Rule(_only(("admin",), ok=405), RESTRICTION),
    "restriction_request_notify": Rule(_only(("admin",), ok=405), RESTRICTION),
    "restriction_request_lift": Rule(_only(("admin",), ok=405), RESTRICTION),
    "restriction_request_letter": Rule(
        _only(("admin",)), {**RESTRICTION, "letter_ref": "restriction_letter_ref"}
    ),
    # -- Professional wills (issue 25) ---------------------------------------------------------
    # A therapist names executors; an admin countersigns and may end access; an admin or a
    # supervisor approves an activation (the service then checks it is the therapist's own
    # supervisor); the executor alone reaches the activated will's clients.
    "will_mine": Rule(_only(THERAPISTS)),
    "will_withdraw": Rule(_only(THERAPISTS, ok=405), NOMINATION),
    "will_cancel": Rule(_only(THERAPISTS, ok=405), ACTIVATION),
    "will_admin": Rule(_only(("admin",))),
    "will_countersign": Rule(_only(("admin",), ok=405), NOMINATION),
    "will_end": Rule(_only(("admin",), ok=405), ACTIVATION),
    "will_records_keep": Rule(_only(("admin",), ok=405), ACTIVATION),
    "will_invitation_resend": Rule(_only(("admin",), ok=405), NOMINATION),
    # the invited person's single-use link: no account yet, the token is the only key
    "will_invitation": Rule({role: 200 for role in ROLES}, {"token": "invitation_token"}),
    "will_reviews": Rule(_only((*SUPERVISORS, "admin"))),
    "will_approve": Rule(_only((*SUPERVISORS, "admin"), ok=405), ACTIVATION),
    "will_executor": Rule(_only(("executor",))),
    "will_ask": Rule(_only(("executor",), ok=405), NOMINATION),
    "will_clients": Rule(_only(("executor",)), ACTIVATION),
    "will_client": Rule(_only(("executor",)), WILL_CLIENT),
    "will_step": Rule(_only(("executor",), ok=405), WILL_CLIENT),
    "will_letter": Rule(_only(("executor",)), WILL_CLIENT),
    "will_letter_pdf": Rule(_only(("executor",)), WILL_CLIENT),
    "will_letter_email": Rule(_only(("executor",), ok=405), WILL_CLIENT),
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


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module (about 900 tests ask for it), inside a transaction on every
    database that is rolled back at the end. Each test runs in pytest-django's own
    transaction within it, so what a test changes goes with the test and the next test
    finds the world exactly as built."""
    with django_db_blocker.unblock(), rolled_back_trial():
        yield _build_world()


@pytest.fixture(autouse=True)
def _each_test_in_its_own_transaction(db):
    """Every test here runs in its own transaction (on every database), within the world's."""


def _build_world():
    staff = {
        "therapist": make_staff("therapist", "therapist"),
        "therapist2": make_staff("therapist2", "therapist"),
        "supervisor": make_staff("supervisor", "supervisor"),
        "supervisor2": make_staff("supervisor2", "supervisor"),
        "admin": make_staff("admin", "admin"),
        "executor": make_staff("executor", "executor"),
    }
    link = services.supervision_start(
        actor=TESTS, therapist=staff["therapist"], supervisor=staff["supervisor"]
    )
    client = make_client(staff["therapist"])
    case_file = case_file_of(client)
    session = record_services.session_save(
        actor=staff["therapist"],
        case_file=case_file,
        date=date.today(),
        start_time=time(10),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    note = record_services.note_create(
        actor=staff["therapist"], case_file=case_file, body="Matrix note text"
    )
    person = client_services.parent_add(
        actor=staff["therapist"], client=client, values={"name": "P", "relationship": "Mother"}
    )
    objects = {
        "uid": "MQ",
        "token": "not-a-valid-token",
        "decision": "approve",
        "sar_part": "notes",
        "staff_ref": staff["therapist"].ref,
        "link_ref": link.ref,
        "client_ref": client.ref,
        "session_ref": session.ref,
        "note_ref": note.ref,
        "person_ref": person.ref,
        "record_ref": case_file.record_ref,
        **matrix_objects(staff["therapist"], client),  # contracting: agreement, signing token
        "hold_ref": holds.legal_hold_place(
            actor=staff["admin"], case_file=case_file, kind="complaint"
        ).ref,
        "sar_ref": (sar := compiled(staff["admin"], client)).ref,  # with its therapist
        "sar_letter_kind": "acknowledgement",
        "sar_letter_ref": sar_services.sar_letter_issue(
            actor=staff["admin"], sar=sar, kind="acknowledgement"
        ).ref,
        **disclosure_objects(staff, client),  # disclosure requests in several states
        **complaint_objects(staff["admin"]),  # a closed complaint with both its letters
        **breach_matrix_objects(staff["admin"]),  # a breach just recorded
        # a rectification request of therapist's client, answered, with its letters
        **rectification_matrix_objects(staff["admin"], staff["therapist"], client),
        **objection_matrix_objects(staff["admin"], client),  # an objection decided
        **erasure_matrix_objects(staff["admin"], client),  # an erasure refused
        # a restriction request acknowledged, not applied (the file stays writable)
        **restriction_matrix_objects(staff["admin"], client),
        **will_objects(staff),  # therapist's will, naming executor, activated (open)
    }
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


PASSWORD_ONLY_ALLOWED = {
    "login",
    "logout",
    "two_factor_verify",
    "two_factor_setup",
    "two_factor_qr",
}


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name, rule in RULES.items()
        if name not in PASSWORD_ONLY_ALLOWED and rule.expected["anonymous"] == LOGIN
    ),
)
def test_a_password_alone_reaches_no_page(world, name):
    """Signed in with a password but no second factor: every page sends you to the code
    step (typing the URL directly does not skip it), and the attempt is audited."""
    staff, objects = world
    rule = RULES[name]
    url = reverse(name, kwargs={kwarg: objects[key] for kwarg, key in rule.kwargs.items()})
    for role in ("therapist", "admin"):
        client = signed_in(staff[role], second_factor=False)
        response = client.get(url)
        assert response.status_code == 302, (role, url)
        assert response["Location"].startswith(
            (reverse("two_factor_verify"), reverse("two_factor_setup"))
        ), (role, url)
    if name != "home":  # home is where sign-in lands; the redirect there is the normal path
        assert AuditEvent.objects.filter(action="auth.2fa_required").exists()


CLIENT_URLS = sorted(name for name, rule in RULES.items() if "client_ref" in rule.kwargs.values())


@pytest.mark.parametrize("name", CLIENT_URLS)
def test_colleague_gets_404_for_every_client_url_by_get_and_post(world, name):
    """IDOR: another therapist learns nothing, changes nothing, and the attempt is audited."""
    staff, objects = world
    rule = RULES[name]
    url = reverse(name, kwargs={kwarg: objects[key] for kwarg, key in rule.kwargs.items()})
    colleague = signed_in(staff["therapist2"])
    before = AuditEvent.objects.exclude(action="records.access_denied").count()
    response = colleague.post(url, {"body": "x", "given_on": "2026-01-01", "name": "x"})
    assert response.status_code == 404
    assert AuditEvent.objects.exclude(action="records.access_denied").count() == before
    denied = AuditEvent.objects.filter(action="records.access_denied", actor_label="therapist2")
    assert denied.exists()
