"""Demo disclosure requests for `make run`, one in each interesting state (all fictional).

Ada: a safeguarding request waiting for the supervisor. Ben: a court order, approved and
disclosed. Cleo: an emergency disclosure waiting for its retrospective review. Dev
(therapist2): a disclosure the client must not be told about (restricted).
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from clients.models import Client
from disclosures import machine
from disclosures.models import CALDICOTT
from disclosures.services import decisions, disclosing, drafting, evidence
from practice.demo import DemoPractice
from records import selectors as record_selectors

CALDICOTT_ALL_MET = json.dumps(
    [{"met": True, "reason": "Considered with my supervisor; see the request."} for _ in CALDICOTT]
)


def _steps(kind: str, **overrides) -> dict[str, dict]:
    earlier = timezone.localdate() - timedelta(days=3)
    values = {
        "kind": {
            "kind": kind,
            "statute_named": "",
            "authority_body": "",
            "authority_route": "",
            "authority_ground": "",
        },
        "situation": {
            "situation": "An invented situation written for the demo practice.",
            "reason": "To show how a request reads once every step is filled in.",
            "legal_basis": "See the help text for this kind.",
        },
        "caldicott": {"caldicott": CALDICOTT_ALL_MET},
        "recipient": {
            "recipient_name": "A. Recipient (demo)",
            "recipient_role": "Duty officer",
            "recipient_organisation": "Demotown Council (demo)",
            "recipient_contact": "01632 960999",
            "shared_text": "Only the facts the recipient needs, written for the demo.",
        },
        "consent": {
            "consent_status": "given",
            "not_sought_reason": "",
            "consent_notes": "Discussed in session; the client agreed.",
            "capacity_impairment": "",
            "capacity_decision": "",
        },
        "advice": {
            "supervisor_discussed_on": earlier,
            "legal_advice_source": "insurer",
            "legal_advice_reference": "DEMO-0001",
            "advice_summary": "Share the minimum; record the decision.",
        },
        "reflection": {
            "consequences_client": "Worry about what happens next.",
            "consequences_others": "Safer for others involved.",
            "consequences_relationship": "Trust may be strained; to be talked through.",
            "concern_first_raised_on": earlier,
        },
    }
    for step, changes in overrides.items():
        values[step].update(changes)
    return values


def _drafted(therapist, client, kind, *, only=None, **overrides):
    case_file = record_selectors.case_file_by_ref(client.record_ref)
    row = drafting.request_start(actor=therapist, case_file=case_file)
    for step, values in _steps(kind, **overrides).items():
        if only is None or step in only:
            row = drafting.request_step_save(
                actor=therapist, disclosure=row, step=step, values=values
            )
    return row


def _facts(row, **extra) -> disclosing.Disclosed:
    values = {
        "disclosed_on": timezone.localdate(),
        "method": "secure_email",
        "recipient": row.recipient_summary(),
        "what_was_sent": row.text_to_share(),
        **extra,
    }
    return disclosing.Disclosed(**values)


def seed_disclosures(demo: DemoPractice) -> None:
    therapist, therapist2 = demo.staff["therapist"], demo.staff["therapist2"]
    supervisor = demo.staff["supervisor"]
    people = {
        c.given_name: c
        for c in Client.objects.filter(therapist_id__in=[therapist.pk, therapist2.pk])
    }
    if "Ada" in people:
        row = _drafted(therapist, people["Ada"], "child_protection")
        decisions.request_submit(actor=therapist, disclosure=row)
    if "Ben" in people:
        row = _drafted(therapist, people["Ben"], "court_order")
        decisions.request_submit(actor=therapist, disclosure=row)
        row = decisions.request_decide(
            actor=supervisor,
            disclosure=row,
            decision=machine.APPROVE,
            reasons="The order is valid; share only what it names.",
        )
        row = evidence.court_order_checks_record(
            actor=therapist, disclosure=row, limit_considered=True, identity_called_back=True
        )
        disclosing.request_disclose(actor=therapist, disclosure=row, facts=_facts(row))
    if "Cleo" in people:
        row = _drafted(
            therapist,
            people["Cleo"],
            "suicide_self_harm",
            only=("kind", "situation", "recipient"),
        )
        disclosing.request_disclose_emergency(
            actor=therapist,
            disclosure=row,
            facts=_facts(row, method="phone", disclosed_time=timezone.localtime().time()),
            why_urgent="An immediate risk in session (demo); the crisis team was called.",
        )
    if "Dev" in people:
        row = _drafted(
            therapist2,
            people["Dev"],
            "money_laundering",
            consent={"consent_status": "not_sought", "not_sought_reason": "unlawful"},
        )
        decisions.request_submit(actor=therapist2, disclosure=row)
        row = decisions.request_decide(
            actor=supervisor,
            disclosure=row,
            decision=machine.APPROVE,
            reasons="A legal duty; the client must not be told (tipping off).",
        )
        disclosing.request_disclose(
            actor=therapist2,
            disclosure=row,
            facts=_facts(
                row,
                restricted=True,
                restricted_reason="tipping_off",
                restricted_review_on=timezone.localdate() + timedelta(days=90),
            ),
        )
