"""Every view that creates something is create-once (`practice.idempotency.once`).

The views are discovered from the URLconf, as the permission matrix discovers URLs: each
view that accepts a POST is either wrapped in `@once` or listed in `NOT_CREATING` with the
reason a repeated POST cannot make a second thing, so a new POST view without a decision
fails `test_every_post_view_is_create_once_or_says_why_not`.

A view accepts a POST when it is a class-based view with a `post` method, when Django's
`require_http_methods` (`require_POST`) lets POST through, or when its body, or a function
of the project it calls (followed through helpers such as `_disclose_page`), reads
`request.POST` or compares `request.method` with "POST".
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from disclosures.models import DisclosureRequest
from practice.idempotency import FIELD, new_token
from records import services as record_services
from records.models import LegalHold
from subject_access.models import SubjectAccessRequest
from tests.conftest import case_file_of, make_client, signed_in
from tests.disclosures.builders import at_state, drafted

PROJECT = (
    "practice",
    "records",
    "clients",
    "contracting",
    "disclosures",
    "subject_access",
    "rights",
    "wills",
)

TRANSITION = "a transition of the object named in the URL: the table refuses a repeat"
NOT_CREATING: dict[str, str] = {
    # Signing in and one's own account.
    "login": "signs in",
    "logout": "signs out",
    "password_reset": "sends a reset e-mail; the link it holds creates nothing",
    "password_reset_confirm": "sets the password of the account named by the link",
    "password_change": "changes the signed-in person's own password",
    "account_professional": "sets the signed-in person's own body and registration number",
    "two_factor_verify": "checks a code for this session (sign-in)",
    "two_factor_setup": "confirms the one authenticator waiting in this session",
    "two_factor_new_codes": "replaces the person's recovery codes; the old ones stop working",
    "two_factor_confirm": "re-checks a code for this session before a sensitive change",
    "otp_webauthn:credential-registration-begin": "issues a one-time challenge (JSON)",
    "otp_webauthn:credential-registration-complete": "answers this session's one challenge",
    "otp_webauthn:credential-authentication-begin": "issues a one-time challenge (JSON)",
    "otp_webauthn:credential-authentication-complete": "signs in with a passkey",
    # The practice admin, acting on an existing account or the one profile.
    "staff_detail": "changes the member of staff named in the URL",
    "staff_set_active": "activates or deactivates the member of staff named in the URL",
    "staff_health_profession": "sets the health-professional status of the member in the URL",
    "staff_two_factor_reset": "resets the second factor of the member named in the URL",
    "staff_password_reset": "sends a reset link to the member named in the URL",
    "account_change_decide": "decides the waiting account change named in the URL",
    "supervision_end": "ends the supervision link named in the URL",
    "practice_profile": "changes the practice's one profile",
    "caseload_transfer": "moves the caseload of the therapist named in the URL",
    "retention_policy": "changes the practice's one retention policy",
    "legal_hold_lift": "lifts the hold named in the URL",
    "adult_rule_confirm": "confirms the retention of the case file named in the URL; once",
    "disposal": "disposes of case files already due (deleting, not creating)",
    # Clients and their records: the client, note or agreement is named in the URL.
    "client_edit": "changes the client named in the URL",
    "client_end": "records that therapy ended for the client named in the URL",
    "client_remove": "removes the client named in the URL",
    "consent_record": "sets the records consent of the client's case file",
    "consent_withdraw": "sets the records consent of the client's case file",
    "parent_remove": "removes the person named in the URL",
    "note_detail": "saves or signs the draft named in the URL (a stale version is refused)",
    "contracting_send": "replaces the agreement's one signing link; any earlier stops working",
    "contracting_acknowledge": TRANSITION,
    "contracting_withdraw": TRANSITION,
    "contracting_sign": "the client's single-use signing link acts on its agreement",
    # Subject access: every step is a transition of the request named in the URL.
    "evidence_pack": "builds and downloads a pack from the records as they are; a repeat "
    "builds another copy, its hash recorded too, and changes no record",
    "sar_identity": TRANSITION,
    "sar_authority": TRANSITION,
    "sar_young_person": TRANSITION,
    "sar_answer_young_person": TRANSITION,
    "sar_clarify": TRANSITION,
    "sar_clarified": TRANSITION,
    "sar_extend": TRANSITION,
    "sar_fee": TRANSITION,
    "sar_fee_received": TRANSITION,
    "sar_reviewer": "names the reviewer of the request named in the URL",
    "sar_compile": TRANSITION,
    "sar_release": TRANSITION,
    "sar_health_basis": "records a new basis; a repeat records the same again, changing nothing",
    "sar_refuse": TRANSITION,
    "sar_refusal_approve": TRANSITION,
    "sar_refusal_withdraw": TRANSITION,
    "sar_redact": "a repeat is refused: the words are already withheld",
    "sar_held_back": "decides an item held back from the request named in the URL",
    "sar_review_done": TRANSITION,
    "sar_part_done": "marks a part done: a repeat records the same mark again, nothing new",
    # Disclosures: every step is a transition of the request named in the URL.
    "disclosure_step": "saves a step of the draft named in the URL (a stale version is refused)",
    "disclosure_quote_remove": "removes the quote named in the URL",
    "disclosure_submit": TRANSITION,
    "disclosure_withdraw": TRANSITION,
    "disclosure_court_order_checks": "records the two checks on the request named in the URL",
    "disclosure_disclose": TRANSITION,
    "disclosure_emergency": TRANSITION,
    "disclosure_close": TRANSITION,
    "disclosure_review": TRANSITION,
    "restriction_review": "keeps the restriction named in the URL for longer",
    "restriction_lift_ask": "a repeat is refused: a request to lift is already waiting",
    "restriction_lift_withdraw": "withdraws the waiting request to lift the restriction",
    "restriction_lift_review": "decides the waiting request to lift the restriction",
    # Complaints: each step acts on the complaint named in the URL.
    "complaint_assign": "names who looks into the complaint; a repeat names the same person",
    "complaint_link": "links the complaint to a case file; a repeat links the same one",
    "complaint_acknowledge": TRANSITION,
    "complaint_close": TRANSITION,
    # Rectification: each step acts on the request named in the URL.
    "rectification_acknowledge": "the acknowledgement letter is issued once: a repeat is refused",
    "rectification_extend": "the extension letter is issued once: a repeat is refused",
    "rectification_close": TRANSITION,
    "rectification_respond": TRANSITION,
    "objection_acknowledge": "the acknowledgement letter is issued once: a repeat is refused",
    "objection_extend": "the extension letter is issued once: a repeat is refused",
    "objection_decide": TRANSITION,
    "erasure_acknowledge": "the acknowledgement letter is issued once: a repeat is refused",
    "erasure_extend": "the extension letter is issued once: a repeat is refused",
    "erasure_decide": TRANSITION,
    "erasure_carry_out": TRANSITION,
    # Restriction (Art. 18): each step acts on the request named in the URL.
    "restriction_request_acknowledge": "the acknowledgement letter is issued once: a repeat "
    "is refused",
    "restriction_request_extend": "the extension letter is issued once: a repeat is refused",
    "restriction_request_apply": TRANSITION,
    "restriction_request_notify": "the notice letter is made once: a repeat is refused",
    "restriction_request_lift": TRANSITION,
    # The breach register: each step acts on the breach named in the URL.
    "breach_assess": "sets the breach's assessment and decision; a repeat sets the same",
    "breach_notify_ico": TRANSITION,
    "breach_not_notify": TRANSITION,
    "breach_notify_people": "sets when and how the people were told; a repeat sets the same",
    "breach_remediate": "sets what was done; a repeat sets the same words",
    "breach_close": TRANSITION,
    # Professional wills (issue 25): each acts on the naming or activation in the URL.
    "will_withdraw": "withdraws the naming named in the URL; a repeat is refused",
    "will_countersign": TRANSITION,
    "will_cancel": TRANSITION,
    "will_end": TRANSITION,
    "will_records_keep": TRANSITION,
    "will_invitation_resend": "replaces the naming's link in the URL; the old one stops working",
    "will_invitation": "the single-use invitation link makes one account; a repeat is refused",
    "will_approve": TRANSITION,
}


def _views(patterns=None, namespace: str = ""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern.callback


def _wrapped_chain(view: Callable) -> list[Callable]:
    chain = []
    while view is not None:
        chain.append(view)
        view = getattr(view, "__wrapped__", None)
    return chain


def _allowed_methods(chain: list[Callable]) -> list[str] | None:
    """The methods Django's require_http_methods lets through, if the view is wrapped in it."""
    for function in chain:
        names = getattr(getattr(function, "__code__", None), "co_freevars", ())
        if "request_method_list" in names:
            cell = function.__closure__[names.index("request_method_list")]
            return list(cell.cell_contents)
    return None


def _reads_a_post(function: Callable, seen: set) -> bool:
    """The function, or a project function it calls, reads request.POST or tests for POST."""
    if function in seen or not function.__module__.startswith(PROJECT):
        return False
    seen.add(function)
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "POST":
            return True
        if isinstance(node, ast.Constant) and node.value == "POST":
            return True
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = _resolve(node.func, function.__globals__)
            if inspect.isfunction(called) and _reads_a_post(inspect.unwrap(called), seen):
                return True
    return False


def _resolve(expression: ast.expr, names: dict):
    if isinstance(expression, ast.Name):
        return names.get(expression.id)
    if isinstance(expression, ast.Attribute):
        owner = _resolve(expression.value, names)
        return getattr(owner, expression.attr, None) if owner is not None else None
    return None


def accepts_post(view: Callable) -> bool:
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    chain = _wrapped_chain(view)
    methods = _allowed_methods(chain)
    if methods is not None:
        return "POST" in methods
    return _reads_a_post(chain[-1], set())


def creates_once(view: Callable) -> bool:
    return any(getattr(function, "creates_once", False) for function in _wrapped_chain(view))


def _post_views() -> dict[str, Callable]:
    return {name: view for name, view in _views() if accepts_post(view)}


def test_every_post_view_is_create_once_or_says_why_not():
    undecided = [
        name
        for name, view in _post_views().items()
        if not creates_once(view) and name not in NOT_CREATING
    ]
    assert not undecided, (
        f"POST views neither create-once (@once) nor listed as not creating: {sorted(undecided)}"
    )


def test_no_view_is_both_create_once_and_listed_as_not_creating():
    views = _post_views()
    both = [name for name in NOT_CREATING if name in views and creates_once(views[name])]
    assert not both, both


def test_the_list_names_only_post_views_that_exist():
    assert not set(NOT_CREATING) - set(_post_views())


def test_every_reason_is_one_line():
    assert all(reason and "\n" not in reason for reason in NOT_CREATING.values())


def test_the_create_forms_are_found_create_once():
    """The discovery sees the forms that create something, the three that lacked it among
    them (a double click made two disclosure requests, two subject access requests, two
    legal holds), and two more it found (a second quote, a second report)."""
    views = _post_views()
    create_once = {name for name, view in views.items() if creates_once(view)}
    assert create_once == {
        "staff_create",
        "supervision_start",
        "client_new",
        "parent_add",
        "session_new",
        "session_edit",
        "note_new",
        "addendum_new",
        "contracting_generate",
        "contracting_template_edit",
        "legal_holds",
        "sar_new",
        "sar_letter",
        "disclosure_start",
        "disclosure_quotes",
        "disclosure_report",
        "complaint_form",
        "complaint_new",
        "complaint_note",
        "disclosure_evidence_add",
        "breach_new",
        "breach_records",
        "rectification_new",
        "objection_new",
        "erasure_new",
        "restriction_request_new",
        "will_mine",
        "will_ask",
        "will_step",
        "will_letter_email",
    }


def test_the_discovery_follows_helpers_and_decorators():
    views = dict(_views())
    # A view whose POST is handled by a helper it calls, and one behind require_POST.
    assert accepts_post(views["disclosure_emergency"])
    assert accepts_post(views["staff_set_active"])
    assert accepts_post(views["login"])
    # Pages that only show something.
    for name in ("home", "client_detail", "disclosure_record_pdf", "password_reset_done"):
        assert not accepts_post(views[name]), name


# -- A repeated POST of each form the discovery found without it makes one thing ----------


def _replayed(browser, url: str, values: dict, page: str | None = None):
    """GET the page the form is on (it must carry a token), then POST it twice."""
    html = browser.get(page or url).content.decode()
    assert f'name="{FIELD}"' in html, "the form carries no one-time token"
    data = {**values, FIELD: new_token()}
    first = browser.post(url, data)
    second = browser.post(url, data, follow=True)
    assert first.status_code == 302, first.status_code
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already sent, so nothing was added twice" in second.content.decode()
    return first


def test_a_repeated_disclosure_start_starts_one_request(therapist):
    client = make_client(therapist)
    url = reverse("disclosure_start", kwargs={"ref": client.ref})
    _replayed(signed_in(therapist), url, {})
    assert DisclosureRequest.objects.filter(case_file=case_file_of(client)).count() == 1


def test_a_repeated_subject_access_log_logs_one_request(admin_user, therapist):
    client = make_client(therapist)
    url = reverse("sar_new") + f"?client={client.ref}"
    values = {
        "client": client.ref,
        "received_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "channel": "email",
        "requester": "client",
        "identity_method": "known",
        "identity_confirmed_on": timezone.localdate().isoformat(),
    }
    first = _replayed(signed_in(admin_user), url, values)
    sar = SubjectAccessRequest.objects.get()
    assert first["Location"] == reverse("sar_detail", args=[sar.ref])


def test_a_repeated_legal_hold_places_one_hold(admin_user, therapist):
    case_file = case_file_of(make_client(therapist))
    values = {"record_ref": case_file.record_ref, "kind": "court", "details": ""}
    _replayed(signed_in(admin_user), reverse("legal_holds"), values)
    assert LegalHold.objects.filter(case_file=case_file).count() == 1


def test_a_repeated_quote_quotes_the_passage_once(therapist, supervisor, supervision):
    client = make_client(therapist)
    note = record_services.note_create(
        actor=therapist, case_file=case_file_of(client), body="A passage to quote."
    )
    record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    row = drafted(therapist, client)
    url = reverse("disclosure_quotes", kwargs={"ref": row.ref})
    _replayed(signed_in(therapist), url, {"note": str(note.ref), "paragraph": 0})
    assert row.quotes.count() == 1


def test_a_repeated_report_makes_one_report(therapist, supervisor, supervision):
    row = at_state("approved", therapist, supervisor, make_client(therapist), kind="client_request")
    url = reverse("disclosure_report", kwargs={"ref": row.ref})
    _replayed(signed_in(therapist), url, {})
    assert row.reports.count() == 1


def test_a_repeated_breach_record_records_one_breach(admin_user):
    from rights.models import Breach

    found = timezone.localtime(timezone.now() - timedelta(hours=1))
    _replayed(
        signed_in(admin_user),
        reverse("breach_new"),
        {
            "discovered_at": found.strftime("%Y-%m-%dT%H:%M"),
            "people_affected": "1",
            "what_happened": "A letter went astray.",
            "for_client": "A letter about you went astray.",
        },
    )
    assert Breach.objects.count() == 1


def test_a_repeated_rectification_log_logs_one_request(admin_user, therapist):
    from rights.models import RectificationRequest

    client = make_client(therapist, given_name="Quillon")
    url = reverse("rectification_new")
    _replayed(
        signed_in(admin_user),
        url,
        {
            "client": client.ref,
            "received_on": timezone.localdate().isoformat(),
            "asks": "The note of 3 May is wrong.",
        },
        page=f"{url}?q=Quillon",
    )
    assert RectificationRequest.objects.count() == 1


def test_a_repeated_objection_log_logs_one_objection(admin_user, therapist):
    from rights.models import ObjectionRequest

    client = make_client(therapist, given_name="Quillon")
    url = reverse("objection_new")
    _replayed(
        signed_in(admin_user),
        url,
        {
            "client": client.ref,
            "received_on": timezone.localdate().isoformat(),
            "asks": "Stop the reminders.",
        },
        page=f"{url}?q=Quillon",
    )
    assert ObjectionRequest.objects.count() == 1


def test_a_repeated_erasure_log_logs_one_request(admin_user, therapist):
    from rights.models import ErasureRequest

    client = make_client(therapist, given_name="Quillon")
    url = reverse("erasure_new")
    _replayed(
        signed_in(admin_user),
        url,
        {
            "client": client.ref,
            "received_on": timezone.localdate().isoformat(),
            "asks": "Erase my records.",
        },
        page=f"{url}?q=Quillon",
    )
    assert ErasureRequest.objects.count() == 1


def test_a_repeated_restriction_log_logs_one_request(admin_user, therapist):
    from rights.models import RestrictionRequest

    client = make_client(therapist, given_name="Quillon")
    url = reverse("restriction_request_new")
    _replayed(
        signed_in(admin_user),
        url,
        {
            "client": client.ref,
            "received_on": timezone.localdate().isoformat(),
            "ground": "accuracy",
            "asks": "Keep my notes but do not use them while you check them.",
        },
        page=f"{url}?q=Quillon",
    )
    assert RestrictionRequest.objects.count() == 1
