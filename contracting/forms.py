"""Validation of what therapists, admins and clients type into contracting forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from clients.forms import refuse_bidi_controls
from contracting.models import Signer, Variant
from practice.widgets import DateInput


class PrepareForm(forms.Form):
    variant = forms.ChoiceField(
        label="Who are the documents for?",
        choices=Variant.choices,
        widget=forms.RadioSelect,
        initial=Variant.ADULT,
    )
    competence_assessed = forms.BooleanField(
        label=(
            "Young person only: I have assessed that they understand what counselling and "
            "this agreement involve and can consent for themselves"
        ),
        required=False,
    )
    competence_notes = forms.CharField(
        label="Young person only: how you reached that view (kept encrypted, not printed)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("variant") == Variant.YOUNG_PERSON and not cleaned.get(
            "competence_assessed"
        ):
            self.add_error(
                "competence_assessed",
                "Record your assessment, or prepare the documents for a person with parental "
                "responsibility instead.",
            )
        return cleaned


class PaperAcknowledgementForm(forms.Form):
    acknowledged_on = forms.DateField(label="Date signed", widget=DateInput())
    signed_by = forms.ChoiceField(
        label="Signed by", choices=Signer.choices, widget=forms.RadioSelect, initial=Signer.CLIENT
    )
    discussed = forms.BooleanField(
        label="We discussed the agreement, including when confidentiality may be broken",
        required=True,
    )
    privacy_notice_provided = forms.BooleanField(
        label="The privacy notice was given", required=True
    )
    supervision_explained = forms.BooleanField(
        label="Clinical supervision was explained", required=True
    )
    consent_to_records = forms.BooleanField(
        label="The client gave explicit consent to keeping records of sessions",
        required=False,
        help_text="A separate choice. Without it, notes cannot be written.",
    )

    def __init__(self, *args, variant: str, **kwargs):
        kwargs.setdefault("initial", {"acknowledged_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if variant == Variant.ADULT:
            self.fields["signed_by"].choices = [(Signer.CLIENT, Signer.CLIENT.label)]
        elif variant == Variant.PARENTAL:
            self.fields["signed_by"].initial = Signer.PARENTAL


class SendForm(forms.Form):
    """The therapist chooses whether the signing link goes by e-mail."""

    by_email = forms.BooleanField(required=False)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        if email:
            self.fields["by_email"].label = f"Also e-mail the link to {email}"
            self.fields["by_email"].help_text = (
                "Leave unticked to give the link yourself. The message names the practice and "
                "says nothing about therapy in its subject."
            )
        else:
            del self.fields["by_email"]  # no address on file: nothing to choose


class AcceptForm(forms.Form):
    """What the client sees on the signing page: separate, unticked statements."""

    # Each message says what to do, so the summary at the top shows it on its own.
    summary_shows_message_only = True

    read_and_understood = forms.BooleanField(
        label=(
            "I have read the confidentiality agreement. I understand that confidentiality "
            "is not absolute and when information may be shared."
        ),
        required=True,
        error_messages={
            "required": "Tick to confirm that you have read the confidentiality agreement"
        },
    )
    privacy_notice_provided = forms.BooleanField(
        label="I have been given the privacy notice.",
        required=True,
        error_messages={"required": "Tick to confirm that you have been given the privacy notice"},
    )
    supervision_explained = forms.BooleanField(
        label="I understand that my therapist talks about their work with a clinical supervisor.",
        required=True,
        error_messages={
            "required": "Tick to confirm that you understand your therapist has a supervisor"
        },
    )
    consent_to_records = forms.BooleanField(
        label="I agree to my therapist keeping records of our sessions.",
        required=False,
        help_text=(
            "This is a separate choice. If you leave it unticked, your therapist will talk "
            "with you about what that means."
        ),
    )
    signed_by = forms.ChoiceField(
        label="I am",
        choices=Signer.choices,
        widget=forms.RadioSelect,
        initial=Signer.CLIENT,
        error_messages={"required": "Say whether you are the young person or their parent"},
    )
    signer_name = forms.CharField(
        label="Type your full name to sign",
        max_length=200,
        error_messages={"required": "Type your full name to sign"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[refuse_bidi_controls],
    )

    def __init__(self, *args, variant: str, **kwargs):
        super().__init__(*args, **kwargs)
        if variant == Variant.ADULT:
            self.fields["signed_by"].choices = [
                (Signer.CLIENT, "The person named in the agreement")
            ]
        else:
            self.fields["signed_by"].choices = [
                (Signer.CLIENT, "The young person named in the agreement"),
                (Signer.PARENTAL, "A person with parental responsibility for them"),
            ]
            if variant == Variant.PARENTAL:
                self.fields["signed_by"].initial = Signer.PARENTAL


class TemplateForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 30, "class": "template-body"}),
        help_text=(
            "A line starting with '# ' is a heading, '- ' a bullet point; a blank line starts "
            "a new paragraph. Placeholders such as {{ practice.name }} are filled in for each "
            "client."
        ),
    )
