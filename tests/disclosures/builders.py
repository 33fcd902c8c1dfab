"""Builders for disclosure tests: a request filled in step by step, at any state."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from disclosures import machine
from disclosures.models import CALDICOTT, DisclosureRequest
from disclosures.services import decisions, disclosing, drafting
from tests.conftest import TESTS, case_file_of

MARKER = "Zanzibar-marker-7731"  # a word that must never leave the encrypted columns


def step_values(kind: str = "child_protection") -> dict[str, dict]:
    earlier = timezone.localdate() - timedelta(days=2)
    caldicott = [{"met": True, "reason": f"Reason {n} {MARKER}"} for n in range(len(CALDICOTT))]
    return {
        "kind": {
            "kind": kind,
            "statute_named": "",
            "authority_body": "",
            "authority_route": "",
            "authority_ground": "",
        },
        "situation": {
            "situation": f"The situation {MARKER}",
            "reason": f"The reason {MARKER}",
            "legal_basis": "UK GDPR Art. 6(1)(e), Art. 9(2)(g); DPA 2018 Sch. 1 para 18",
        },
        "conversation": {
            "discussed_who_sees": True,
            "discussed_loss_of_control": True,
            "discussed_unwanted_content": True,
            "client_authority_on": earlier,
            "report_choice": "report",
            "conversation_notes": f"Talked it through {MARKER}",
        },
        "caldicott": {"caldicott": json.dumps(caldicott)},
        "recipient": {
            "recipient_name": "Pat Recipient",
            "recipient_role": "Duty social worker",
            "recipient_organisation": "Testshire Council",
            "recipient_contact": "01632 960123",
            "shared_text": f"Shared words {MARKER}",
        },
        "report": {"report_text": f"The report's words {MARKER}"},
        "consent": {
            "consent_status": "given",
            "not_sought_reason": "",
            "consent_notes": "Agreed",
            "capacity_impairment": "",
            "capacity_decision": "",
        },
        "advice": {
            "supervisor_discussed_on": earlier,
            "legal_advice_source": "insurer",
            "legal_advice_reference": "INS-42",
            "advice_summary": "Share the minimum",
        },
        "reflection": {
            "consequences_client": "Upset",
            "consequences_others": "Safer",
            "consequences_relationship": "Strained",
            "concern_first_raised_on": earlier,
        },
    }


def drafted(therapist, client, *, kind="child_protection", only=None) -> DisclosureRequest:
    from disclosures import steps

    if kind == "client_request":
        registered(therapist)
    row = drafting.request_start(actor=therapist, case_file=case_file_of(client))
    values = step_values(kind)
    row = drafting.request_step_save(
        actor=therapist, disclosure=row, step="kind", values=values["kind"]
    )
    for step in steps.steps_for(row):
        if step.name != "kind" and (only is None or step.name in only):
            row = drafting.request_step_save(
                actor=therapist, disclosure=row, step=step.name, values=values[step.name]
            )
    return row


def registered(user, *, body="BACP", number="MBACP 123456"):
    """The user's professional body and number recorded, as a client's report needs."""
    from practice.professional_registration import own_registration_set

    if not user.get_full_name():
        user.first_name = user.username.title()
        user.save(update_fields=["first_name"])
    own_registration_set(actor=user, professional_body=body, registration_number=number)
    user.professional_body, user.registration_number = body, number
    return user


def facts(row, **extra) -> disclosing.Disclosed:
    values = {
        "disclosed_on": timezone.localdate(),
        "method": "phone",
        "recipient": row.recipient_summary(),
        "what_was_sent": row.text_to_share(),
        "disclosed_time": timezone.localtime().time(),
        **extra,
    }
    return disclosing.Disclosed(**values)


def at_state(state: str, therapist, supervisor, client, **kwargs) -> DisclosureRequest:
    """A request brought to `state` through the services, as people would."""
    row = drafted(therapist, client, **kwargs)
    if state == "draft":
        return row
    if state in ("emergency_review",):
        return disclosing.request_disclose_emergency(
            actor=therapist, disclosure=row, facts=facts(row), why_urgent="Immediate risk"
        )
    if state == "withdrawn":
        return decisions.request_withdraw(actor=therapist, disclosure=row)
    row = decisions.request_submit(actor=therapist, disclosure=row)
    if state == "submitted":
        return row
    decision = {
        "changes_requested": machine.REQUEST_CHANGES,
        "declined": machine.DECLINE,
    }.get(state, machine.APPROVE)
    row = decisions.request_decide(
        actor=supervisor, disclosure=row, decision=decision, reasons="Because"
    )
    if state in ("approved", "changes_requested", "declined"):
        return row
    row = disclosing.request_disclose(actor=therapist, disclosure=row, facts=facts(row))
    if state == "disclosed":
        return row
    return decisions.request_close(actor=therapist, disclosure=row)


def matrix_objects(staff: dict, client) -> dict[str, object]:
    """Requests of `therapist` the permission matrix asks for, in the states each page needs.

    `supervisor` supervises `therapist`; `supervisor2` supervises only `therapist2`."""
    from unittest import mock

    from disclosures.services import reports
    from practice import services as practice_services

    practice_services.supervision_start(
        actor=TESTS, therapist=staff["therapist2"], supervisor=staff["supervisor2"]
    )
    therapist, supervisor = staff["therapist"], staff["supervisor"]
    draft = drafted(therapist, client)
    submitted = at_state("submitted", therapist, supervisor, client)
    approved = at_state("approved", therapist, supervisor, client, kind="client_request")
    with mock.patch("disclosures.printing.pdf_from_template", return_value=b"%PDF-1.4 x"):
        report = reports.report_make(actor=therapist, disclosure=approved, client_name="X")
    from disclosures.services.evidence import evidence_add

    evidence = evidence_add(
        actor=therapist,
        disclosure=submitted,
        kind="official_request",
        name="letter.pdf",
        declared_type="application/pdf",
        content=b"%PDF-1.4\n%%EOF\n",
    )
    quote_ref = "00000000-0000-4000-8000-000000000000"
    disclosed = at_state("disclosed", therapist, supervisor, client)
    lift = _restricted_with_lift(therapist, supervisor, client)
    return {
        "draft_ref": draft.ref,
        "submitted_ref": submitted.ref,
        "approved_ref": approved.ref,
        "report_ref": report.ref,
        "quote_ref": quote_ref,
        "evidence_ref": evidence.ref,
        "step_name": "kind",
        "disclosure_record_ref": disclosed.disclosure.ref,
        "restricted_record_ref": lift.disclosure.ref,
        "lift_ref": lift.ref,
    }


def _restricted_with_lift(therapist, supervisor, client):
    """A disclosure the client must not be told about, with a request to lift it waiting."""
    from disclosures.models import DisclosureRecord
    from disclosures.services import restrictions

    row = at_state("approved", therapist, supervisor, client)
    review_on = timezone.localdate() + timedelta(days=30)
    disclosing.request_disclose(
        actor=therapist,
        disclosure=row,
        facts=facts(row, restricted=True, restricted_reason="risk", restricted_review_on=review_on),
    )
    record = DisclosureRecord.objects.get(request=row)
    return restrictions.restriction_lift_ask(actor=therapist, record=record, reason="Lift it")
