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
        required=False,
        empty_label="Choose a colleague",
        help_text="A member of staff holding the executor role. An admin countersigns.",
    )
    invited_email = forms.EmailField(
        label="Or someone without an account yet: their e-mail address",
        required=False,
        help_text=(
            "Once an admin countersigns, they are sent a link to create an account and set up "
            "two-step sign-in. The message says nothing about therapy or your clients."
        ),
    )
    may_send_letters = forms.BooleanField(
        label="May write to my clients with the practice's letter",
        required=False,
        initial=True,
    )

    def clean(self):
        cleaned = super().clean()
        if "invited_email" in self.errors:
            return cleaned
        executor, email = cleaned.get("executor"), cleaned.get("invited_email")
        if executor and email:
            self.add_error("invited_email", "Choose a colleague or give an address, not both.")
        elif not executor and not email and "executor" not in self.errors:
            self.add_error(
                "executor", "Choose a colleague, or give the address of someone to invite."
            )
        return cleaned


class InvitationForm(forms.Form):
    """The invited person's own account: a username, their name and a password."""

    username = forms.CharField(
        max_length=150,
        help_text="Letters, digits and @ . + - _ only. You will sign in with it.",
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        help_text="At least 12 characters; a few unrelated words are easy to remember.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="The same password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password")
            and cleaned.get("password_again") is not None
            and cleaned["password"] != cleaned["password_again"]
        ):
            self.add_error("password_again", "The two passwords are not the same.")
        return cleaned


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
