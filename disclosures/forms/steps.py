"""One form per step of a disclosure request. Validation only; the services save.

Each form reads its initial values from the request (`initial_for`) and hands the
service plain values (`values()`), so encrypted and plain fields are saved one way.
"""

from __future__ import annotations

import json

from django import forms
from django.utils import timezone

from disclosures import kinds
from disclosures.models import (
    CALDICOTT,
    ConsentStatus,
    LegalAdviceSource,
    NotSoughtReason,
    ReportChoice,
)
from practice.fields import EncryptedTextField
from practice.widgets import DateInput

TEXT = {"rows": 4}


def _area(label: str, help_text: str = "", *, required: bool = True, limit: int = 5000):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs=TEXT),
    )


def _not_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError("This date is in the future.")
    return day


class StepForm(forms.Form):
    """Fields named as the model's columns; encrypted ones are read through get_<name>()."""

    @classmethod
    def initial_for(cls, disclosure) -> dict:
        initial = {}
        for name in cls.base_fields:
            field = disclosure._meta.get_field(name)
            if isinstance(field, EncryptedTextField):
                initial[name] = getattr(disclosure, f"get_{name}")()
            else:
                initial[name] = getattr(disclosure, name)
        return initial

    def values(self) -> dict:
        return dict(self.cleaned_data)

    def fit_to(self, disclosure) -> StepForm:
        """Word the form for this request (its kind); most steps read the same for all."""
        return self


class KindForm(StepForm):
    kind = forms.ChoiceField(
        label="What kind of disclosure is this?",
        choices=kinds.KINDS,
        widget=forms.RadioSelect,
        help_text="Whether the law requires it, permits it, or someone only asks for it "
        "decides what follows. The next steps explain the law for the kind you choose.",
    )
    statute_named = forms.CharField(
        label="The Act and section that imposes the duty",
        required=False,
        max_length=300,
        help_text="Only for 'another statutory duty'. For example: 'Road Traffic Act 1988 s.172'.",
    )
    authority_body = forms.ChoiceField(
        label="Who is asking?",
        choices=[("", "Not applicable"), *kinds.AUTHORITY_BODIES],
        required=False,
        help_text="Only for a request from someone in authority. A request is not an "
        "obligation: without a court order or warrant you are not required to share.",
    )
    authority_route = forms.ChoiceField(
        label="How will you answer it?",
        choices=[("", "Not applicable"), *kinds.AUTHORITY_ROUTES],
        required=False,
    )
    authority_ground = forms.ChoiceField(
        label="The discretionary ground you are weighing",
        choices=[("", "Not applicable"), *kinds.DISCRETIONARY_KINDS],
        required=False,
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "statute_other" and not data.get("statute_named", "").strip():
            self.add_error("statute_named", "Name the Act and section that imposes the duty.")
        if kind == "authority_request":
            if not data.get("authority_body"):
                self.add_error("authority_body", "Say who is asking.")
            if not data.get("authority_route"):
                self.add_error("authority_route", "Choose how you will answer the request.")
            elif data["authority_route"] == "discretionary" and not data.get("authority_ground"):
                self.add_error("authority_ground", "Choose the discretionary ground.")
        else:
            data["authority_body"] = data["authority_route"] = data["authority_ground"] = ""
        if kind != "statute_other":
            data["statute_named"] = ""
        return data


# What to write under "What is happening?", by the group of the kind chosen: the facts of a
# concern are not what a client's own request or a court's order is about.
SITUATION_HELP = {
    kinds.OBLIGED: "What the law, the order or the summons requires of you, and the facts it "
    "concerns, as you know them. Keep to what is relevant.",
    kinds.DISCRETIONARY: "The facts that raised the concern, as you know them. Keep to what is "
    "relevant.",
    kinds.AUTHORITY: "Who is asking, what they ask for and why they say they need it. Keep to "
    "what is relevant.",
    kinds.CLIENT: "What the client has asked you to share, with whom, and what for; and the "
    "written authority they gave you.",
}


class SituationForm(StepForm):
    situation = _area(
        "What is happening?",
        SITUATION_HELP[kinds.DISCRETIONARY],
        limit=10_000,
    )

    def fit_to(self, disclosure) -> StepForm:
        kind = disclosure.kind_info
        if kind is not None:
            self.fields["situation"].help_text = SITUATION_HELP[kind.group]
        return self

    reason = _area(
        "Why are you considering a disclosure?",
        "What you hope the disclosure will achieve, and what could happen without it.",
        limit=10_000,
    )
    legal_basis = _area(
        "The legal basis",
        "The Act and section, the order, or the public-interest ground you rely on. The "
        "help above names the usual basis for the kind you chose.",
        limit=2000,
    )


class CaldicottForm(StepForm):
    """Eight principles, each met or not, each with a reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, principle in enumerate(CALDICOTT, start=1):
            self.fields[f"met_{number}"] = forms.BooleanField(
                label=f"{number}. {principle}", required=False
            )
            self.fields[f"reason_{number}"] = forms.CharField(
                label=f"Principle {number}: your reason",
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Why it is met, or why it is not and what you will do about it.",
            )

    @classmethod
    def initial_for(cls, disclosure) -> dict:
        initial = {}
        for number, answer in enumerate(disclosure.caldicott_answers(), start=1):
            initial[f"met_{number}"] = answer.get("met", False)
            initial[f"reason_{number}"] = answer.get("reason", "")
        return initial

    def values(self) -> dict:
        answers = [
            {"met": self.cleaned_data[f"met_{n}"], "reason": self.cleaned_data[f"reason_{n}"]}
            for n in range(1, len(CALDICOTT) + 1)
        ]
        return {"caldicott": json.dumps(answers)}


class RecipientForm(StepForm):
    recipient_name = forms.CharField(label="Recipient's name", max_length=200)
    recipient_role = forms.CharField(
        label="Their role", max_length=200, help_text="For example: duty social worker."
    )
    recipient_organisation = forms.CharField(label="Organisation", max_length=200)
    recipient_contact = forms.CharField(
        label="How to reach them",
        max_length=500,
        help_text="A telephone number, a secure address or a postal address.",
    )
    shared_text = _area(
        "Exactly what you will share",
        "Write the words the recipient will receive: only what they need for the purpose. "
        "Quoted passages of notes, if you add any, are listed below and shared as well.",
        limit=20_000,
    )

    def fit_to(self, disclosure) -> StepForm:
        """A client's own request shares its report, written in the next step, not twice."""
        if disclosure.is_client_request:
            del self.fields["shared_text"]
        return self


REPORT_HELP = {
    ReportChoice.REPORT: "Write the report exactly as the recipient will read it: only what "
    "they need for the purpose the client named. Your supervisor approves these words; the "
    "PDF carries them, your name, professional body and registration number, and the date.",
    ReportChoice.NOTES: "Write the covering words the recipient will read before the passages "
    "of notes you quote. Your supervisor approves these words and the passages; the PDF "
    "carries them, your name, professional body and registration number, and the date.",
}


class ReportStepForm(StepForm):
    """The client's report, written before the request goes to the supervisor."""

    report_text = _area(
        "The report, exactly as it will be sent",
        REPORT_HELP[ReportChoice.REPORT],
        limit=50_000,
    )

    @classmethod
    def initial_for(cls, disclosure) -> dict:
        # A request drafted before the report was a step wrote it as the shared text.
        return {"report_text": disclosure.get_report_text() or disclosure.get_shared_text()}

    def fit_to(self, disclosure) -> StepForm:
        self.fields["report_text"].widget.attrs["rows"] = 16
        if disclosure.report_choice == ReportChoice.NOTES:
            self.fields["report_text"].label = "The covering words, exactly as they will be sent"
            self.fields["report_text"].help_text = REPORT_HELP[ReportChoice.NOTES]
        return self


class ConsentForm(StepForm):
    consent_status = forms.ChoiceField(
        label="Did you ask the client for their consent?",
        choices=ConsentStatus.choices,
        widget=forms.RadioSelect,
        help_text="Usually you discuss a disclosure with the client and seek their consent "
        "first. Do not, where telling them would be unlawful or would raise the risk.",
    )
    not_sought_reason = forms.ChoiceField(
        label="If you did not ask, why not?",
        choices=[("", "Choose a reason"), *NotSoughtReason.choices],
        required=False,
    )
    consent_notes = _area(
        "What was said, or why asking was not possible", required=False, limit=5000
    )
    capacity_impairment = _area(
        "Capacity, stage one: is there an impairment of, or disturbance in, the mind or brain?",
        "Only when the client lacks capacity. Describe it.",
        required=False,
        limit=3000,
    )
    capacity_decision = _area(
        "Capacity, stage two: because of it, can they not understand, retain, use or weigh "
        "the information, or communicate a decision, now?",
        "Only when the client lacks capacity. Say which, and how you assessed it.",
        required=False,
        limit=3000,
    )

    def clean(self):
        data = super().clean()
        if data.get("consent_status") == ConsentStatus.NOT_SOUGHT:
            if not data.get("not_sought_reason"):
                self.add_error("not_sought_reason", "Say why consent was not sought.")
            elif data["not_sought_reason"] == NotSoughtReason.LACKS_CAPACITY:
                for name in ("capacity_impairment", "capacity_decision"):
                    if not data.get(name, "").strip():
                        self.add_error(name, "Record both stages of the capacity assessment.")
        elif data.get("consent_status"):
            data["not_sought_reason"] = ""
        if data.get("not_sought_reason") != NotSoughtReason.LACKS_CAPACITY:
            data["capacity_impairment"] = data["capacity_decision"] = ""  # keep only what applies
        return data


class ConversationForm(StepForm):
    discussed_who_sees = forms.BooleanField(
        label="We discussed who will see the information", required=True
    )
    discussed_loss_of_control = forms.BooleanField(
        label="We discussed that, once shared, they may lose control of where it goes and "
        "how it is used (it could be used against them)",
        required=True,
    )
    discussed_unwanted_content = forms.BooleanField(
        label="We discussed that the records may hold things they would not want shared",
        required=True,
    )
    client_authority_on = forms.DateField(
        label="Date of the client's written authority",
        widget=DateInput(),
        help_text="Keep their signed authority with the file.",
    )
    report_choice = forms.ChoiceField(
        label="What will you share?",
        choices=ReportChoice.choices,
        widget=forms.RadioSelect,
        help_text="A report written for the purpose usually serves the client better than "
        "whole records. Write it in the next step, or quote chosen passages of notes.",
    )
    conversation_notes = _area("Notes of the conversation", required=False)

    def clean_client_authority_on(self):
        return _not_future(self.cleaned_data["client_authority_on"])


class AdviceForm(StepForm):
    supervisor_discussed_on = forms.DateField(
        label="When did you discuss this with your supervisor?",
        required=False,
        widget=DateInput(),
        help_text="Leave empty if you have not yet: the sign-off is the supervisor's review.",
    )
    legal_advice_source = forms.ChoiceField(
        label="Legal advice", choices=LegalAdviceSource.choices, required=False
    )
    legal_advice_reference = forms.CharField(
        label="Advice reference",
        required=False,
        max_length=200,
        help_text="For example the insurer's case number.",
    )
    advice_summary = _area("Summary of the advice you were given", limit=5000)

    def clean_supervisor_discussed_on(self):
        return _not_future(self.cleaned_data["supervisor_discussed_on"])


class ReflectionForm(StepForm):
    consequences_client = _area("Possible consequences for the client")
    consequences_others = _area("Possible consequences for others")
    consequences_relationship = _area("Possible consequences for the therapeutic relationship")
    concern_first_raised_on = forms.DateField(
        label="When was the concern first raised?",
        widget=DateInput(),
        help_text="Unless it is an emergency, take time to reflect and consult before acting.",
    )

    def clean_concern_first_raised_on(self):
        return _not_future(self.cleaned_data["concern_first_raised_on"])
