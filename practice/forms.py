"""Forms for staff accounts, supervision and the practice profile."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, UsernameField
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import MaxLengthValidator

from practice import selectors
from practice.audit import labels as audit_labels
from practice.health_professionals import Profession
from practice.models import PracticeProfile, User
from practice.roles import Role
from practice.widgets import DateInput


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Role.choices, **kwargs)


class StaffCreateForm(forms.Form):
    username = UsernameField(
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only.",
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    roles = RolesField(help_text="A person may hold several roles.")
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters; give it to the person in a safe way.",
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(
                username=cleaned.get("username") or "",
                first_name=cleaned.get("first_name") or "",
                last_name=cleaned.get("last_name") or "",
                email=cleaned.get("email") or "",
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's password change (current password, the new one twice, the password
    validators), plus a fresh second-factor code: a session left open is not enough."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again.",
    }
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
        help_text="The 6-digit code your app shows now, or one of your recovery codes.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password2"].label = "New password again"
        self.fields[
            "new_password1"
        ].help_text = (
            "At least 12 characters, not a common password, and not like your name or username."
        )


class StaffUpdateForm(forms.Form):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    roles = RolesField(required=False, help_text="A person may hold several roles.")


class HealthProfessionForm(forms.Form):
    """Whether the person is a health professional in the sense of DPA 2018 s.204."""

    health_profession = forms.ChoiceField(
        label="Health professional (Data Protection Act 2018, section 204)",
        choices=Profession.choices,
        required=False,
        help_text="Most counsellors and psychotherapists are not. Doctors, nurses, "
        "HCPC-registered psychologists and arts therapists, and child psychotherapists are.",
    )
    health_register = forms.CharField(label="Register", max_length=60, required=False)
    health_register_number = forms.CharField(
        label="Registration number", max_length=30, required=False
    )


class ProfessionalRegistrationForm(forms.Form):
    """One's own professional body and number, as a client's report prints them."""

    professional_body = forms.CharField(
        label="Professional body",
        max_length=200,
        required=False,
        help_text="For example: British Association for Counselling and Psychotherapy (BACP). "
        "Leave empty to use the practice's.",
    )
    registration_number = forms.CharField(
        label="Membership or registration number",
        max_length=40,
        required=False,
        help_text="Your number with that body, as it appears on its register. A client's "
        "report is made only once it is given.",
    )


class SupervisionStartForm(forms.Form):
    supervisor = forms.ModelChoiceField(queryset=User.objects.none(), empty_label="Choose…")
    starts_on = forms.DateField(widget=DateInput())

    def __init__(self, *args, therapist: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = selectors.active_holders_of(
            Role.SUPERVISOR, other_than=therapist
        )


class PracticeProfileForm(forms.ModelForm):
    class Meta:
        model = PracticeProfile
        fields = [
            "name",
            "address",
            "email",
            "phone",
            "ico_registration_number",
            "data_protection_contact",
            "complaints_route",
            "transfers_outside_uk",
            "professional_body",
            "professional_will",
            "between_sessions",
            "online_sessions",
            "sessions_recorded",
            "training_use",
            "nation",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "complaints_route": forms.Textarea(attrs={"rows": 3}),
            "professional_will": forms.Textarea(attrs={"rows": 3}),
            "between_sessions": forms.Textarea(attrs={"rows": 3}),
            "online_sessions": forms.Textarea(attrs={"rows": 3}),
            "transfers_outside_uk": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional on the form: a form posted without it keeps the nation already set.
        self.fields["nation"].required = False

    def clean_nation(self):
        return self.cleaned_data.get("nation") or self.instance.nation


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(required=False)
    actor = forms.CharField(required=False, max_length=150, label="Staff username")
    target_ref = forms.CharField(required=False, max_length=64, label="Reference")
    since = forms.DateField(required=False, widget=DateInput())
    until = forms.DateField(required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *audit_labels.choices()]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            raise forms.ValidationError("The end date is before the start date.")
        return cleaned


class LoginForm(AuthenticationForm):
    """Django's sign-in form, with the username length actually enforced.

    AuthenticationForm sets max_length after the field is built, which sizes the input but
    adds no validator; an over-long name would reach the lockout tables and fail there.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(150))
