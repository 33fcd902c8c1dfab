"""The whole table, cell by cell, through the services people use: every (state, action) is
either a row of the table (the state moves) or refused with a reason (nothing changes)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from disclosures import machine
from disclosures.machine import MACHINE
from disclosures.models import DisclosureRecord, DisclosureRequest, RequestEvent, Status
from disclosures.services import decisions, disclosing, drafting, reports
from practice.models import AuditEvent
from practice.transitions import TransitionRefused
from tests.disclosures.builders import at_state, facts, step_values

CELLS = list(MACHINE.cells())


def _act(action: str, row: DisclosureRequest, therapist, supervisor):
    if action == machine.EDIT:
        return drafting.request_step_save(
            actor=therapist, disclosure=row, step="advice", values=step_values()["advice"]
        )
    if action == machine.SUBMIT:
        return decisions.request_submit(actor=therapist, disclosure=row)
    if action == machine.WITHDRAW:
        return decisions.request_withdraw(actor=therapist, disclosure=row)
    if action in machine.DECISIONS:
        return decisions.request_decide(
            actor=supervisor,
            disclosure=row,
            decision=action,
            reasons="Reasons",
            verdict="justified" if action == machine.REVIEW else "",
        )
    if action == machine.MAKE_REPORT:
        with mock.patch("disclosures.printing.pdf_from_template", return_value=b"%PDF-1.4"):
            return reports.report_make(actor=therapist, disclosure=row, client_name="X")
    if action == machine.AMEND_REPORT:
        return drafting.report_amend(
            actor=therapist, disclosure=row, report_text="The report, changed"
        )
    if action == machine.DISCLOSE:
        return disclosing.request_disclose(actor=therapist, disclosure=row, facts=facts(row))
    if action == machine.DISCLOSE_EMERGENCY:
        return disclosing.request_disclose_emergency(
            actor=therapist, disclosure=row, facts=facts(row), why_urgent="Immediate"
        )
    if action == machine.CLOSE:
        return decisions.request_close(actor=therapist, disclosure=row)
    raise AssertionError(f"no service for {action}")


def test_every_action_of_the_table_has_a_service():
    assert set(MACHINE.actions) == {
        machine.EDIT,
        machine.SUBMIT,
        machine.WITHDRAW,
        *machine.DECISIONS,
        machine.MAKE_REPORT,
        machine.AMEND_REPORT,
        machine.DISCLOSE,
        machine.DISCLOSE_EMERGENCY,
        machine.CLOSE,
    }
    assert set(MACHINE.states) == set(Status.values)


@pytest.mark.parametrize("cell", CELLS, ids=lambda c: f"{c.state}-{c.action}")
def test_every_cell_is_a_row_or_refused_with_nothing_changed(
    cell, therapist, supervisor, supervision, client_a
):
    row = at_state(cell.state, therapist, supervisor, client_a, kind="client_request")
    assert row.status == cell.state
    stale = DisclosureRequest.objects.get(pk=row.pk)
    before = (AuditEvent.objects.count(), RequestEvent.objects.count(), row.version)
    if cell.target is None:
        with pytest.raises(TransitionRefused) as refused:
            _act(cell.action, stale, therapist, supervisor)
        assert refused.value.messages[0] == machine.REFUSALS[cell.action]
        row.refresh_from_db()
        assert row.status == cell.state
        after = (AuditEvent.objects.count(), RequestEvent.objects.count(), row.version)
        assert after == before
    else:
        _act(cell.action, stale, therapist, supervisor)
        row.refresh_from_db()
        assert row.status == cell.target
        assert AuditEvent.objects.count() == before[0] + 1


@pytest.mark.parametrize(
    "cell", [c for c in CELLS if c.target], ids=lambda c: f"{c.state}-{c.action}"
)
def test_the_wrong_party_is_refused_in_every_allowed_cell(
    cell, therapist, supervisor, supervision, client_a
):
    """The requester cannot take a reviewer's step (no one decides on their own request),
    and a reviewer cannot take the therapist's."""
    row = at_state(cell.state, therapist, supervisor, client_a, kind="client_request")
    wrong = therapist if cell.party == machine.REVIEWER else supervisor
    assert not MACHINE.allows(actor=wrong, obj=row, action=cell.action)
    with pytest.raises((TransitionRefused, ValidationError)):
        if cell.party == machine.REVIEWER:
            decisions.request_decide(
                actor=wrong, disclosure=row, decision=cell.action, reasons="Mine"
            )
        else:
            _act(cell.action, row, wrong, wrong)
    row.refresh_from_db()
    assert row.status == cell.state
    assert not DisclosureRecord.objects.filter(request=row).exists() or cell.state in (
        Status.DISCLOSED,
        Status.EMERGENCY_REVIEW,
        Status.CLOSED,
    )
