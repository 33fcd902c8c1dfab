"""Forms of the professional will: validation of what a person typed, nothing else."""

from django import forms

from practice.widgets import DateInput
from wills import selectors
from wills.models import Activation, ChecklistStep


class ExecutorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


class NominationForm(forms.Form):
    executor = ExecutorChoiceField(
        queryset=selectors.executors(),
        to_field_name="ref",
        empty_label="Choose a colleague",
        help_text="A member of staff holding the executor role. An admin countersigns.",
    )
    may_send_letters = forms.BooleanField(
        label="May write to my clients with the practice's letter",
        required=False,
        initial=True,
    )


class ActivationAskForm(forms.Form):
    reason = forms.ChoiceField(choices=Activation.Reason.choices, widget=forms.RadioSelect)
    unreachable_days = forms.IntegerField(
        label="If the therapist cannot be reached: for how many days",
        required=False,
        min_value=1,
        max_value=365,
    )
    explanation = forms.CharField(
        label="What happened, in a few words",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="About the therapist only; say nothing about any client.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Activation.Reason.UNREACHABLE and not cleaned.get(
            "unreachable_days"
        ):
            self.add_error("unreachable_days", "Say for how many days.")
        return cleaned


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=ChecklistStep.Step.choices)
    method = forms.ChoiceField(label="How", choices=ChecklistStep.Method.choices)
    done_on = forms.DateField(label="When", widget=DateInput())
