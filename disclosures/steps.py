"""The guided steps of a request, in order: which apply to which kind, and which are done."""

from __future__ import annotations

from dataclasses import dataclass

from disclosures.forms import steps as step_forms


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    form: type[step_forms.StepForm]
    client_request: bool | None = None  # None: every kind; True/False: only / never
    # May be changed once approved: the change sends the request back for review.
    amends_after_approval: bool = False


STEPS = (
    Step("kind", "Kind of disclosure", step_forms.KindForm),
    Step("situation", "What is happening, and the legal basis", step_forms.SituationForm),
    Step(
        "conversation",
        "The client's request and written authority",
        step_forms.ConversationForm,
        client_request=True,
    ),
    Step("caldicott", "The Caldicott principles", step_forms.CaldicottForm),
    Step("recipient", "Recipient and exactly what is shared", step_forms.RecipientForm),
    Step(
        "report",
        "The report, as it will be sent",
        step_forms.ReportStepForm,
        client_request=True,
        amends_after_approval=True,
    ),
    Step("consent", "Consent and capacity", step_forms.ConsentForm, client_request=False),
    Step("advice", "Advice taken", step_forms.AdviceForm),
    Step("reflection", "Reflection and consequences", step_forms.ReflectionForm),
)
_BY_NAME = {step.name: step for step in STEPS}


def step_named(name: str) -> Step | None:
    return _BY_NAME.get(name)


def steps_for(disclosure) -> list[Step]:
    is_client = disclosure.is_client_request
    return [s for s in STEPS if s.client_request is None or s.client_request == is_client]


@dataclass(frozen=True)
class Progress:
    step: Step
    done: bool


def progress(disclosure) -> list[Progress]:
    done = set(disclosure.steps_done)
    return [Progress(step, step.name in done) for step in steps_for(disclosure)]


def missing(disclosure) -> list[Step]:
    return [item.step for item in progress(disclosure) if not item.done]


def next_step(disclosure, after: str = "") -> Step | None:
    """The first step not done after `after` (or from the start), else the first not done."""
    todo = missing(disclosure)
    names = [s.name for s in steps_for(disclosure)]
    if after in names:
        later = [s for s in todo if names.index(s.name) > names.index(after)]
        if later:
            return later[0]
    return todo[0] if todo else None
