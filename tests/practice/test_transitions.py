"""The state-machine table: every cell is either a row of the table or refused."""

from types import SimpleNamespace

import pytest

from practice.transitions import StateMachine, Transition, TransitionRefused

MACHINE = StateMachine(
    "door",
    states=["shut", "open", "locked"],
    transitions=[
        Transition("shut", "open", "open", "anyone"),
        Transition("open", "shut", "shut", "anyone"),
        Transition("shut", "lock", "locked", "keyholder"),
    ],
    parties={"anyone": lambda actor, obj: True, "keyholder": lambda actor, obj: actor == "key"},
    refusals={"open": "A locked door does not open."},
)


@pytest.mark.parametrize("cell", list(MACHINE.cells()), ids=lambda c: f"{c.state}-{c.action}")
def test_every_cell_is_a_row_or_refused(cell):
    door = SimpleNamespace(status=cell.state)
    if cell.target is None:
        with pytest.raises(TransitionRefused):
            MACHINE.check(actor="key", obj=door, action=cell.action)
    else:
        assert MACHINE.check(actor="key", obj=door, action=cell.action) == cell.target


def test_refusal_names_the_reason():
    with pytest.raises(TransitionRefused, match="locked door"):
        MACHINE.check(actor="key", obj=SimpleNamespace(status="locked"), action="open")


def test_party_predicate_refuses_the_wrong_person():
    shut = SimpleNamespace(status="shut")
    assert MACHINE.actions_for(actor="key", obj=shut) == {"open", "lock"}
    assert MACHINE.actions_for(actor="guest", obj=shut) == {"open"}
    with pytest.raises(TransitionRefused):
        MACHINE.check(actor="guest", obj=shut, action="lock")


def test_a_table_naming_an_unknown_state_or_party_is_refused_at_import():
    with pytest.raises(ValueError):
        StateMachine(
            "x",
            states=["a"],
            transitions=[Transition("a", "go", "b", "p")],
            parties={"p": lambda a, o: True},
        )
    with pytest.raises(ValueError):
        StateMachine(
            "x",
            states=["a"],
            transitions=[Transition("a", "go", "a", "q")],
            parties={"p": lambda a, o: True},
        )
