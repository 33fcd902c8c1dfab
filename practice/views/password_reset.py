"""Password reset by e-mail (Django's views), rate limited and audited.

The answer never says whether an address belongs to an account. A reset password still
needs the second factor at the next sign-in.
"""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from practice import account_changes, audit, ratelimit
from practice.audit_actions import Action


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, minus accounts whose address someone else set in the last 7 days:
    a reset link must never reach an address an admin just put there."""

    def get_users(self, email):
        for user in super().get_users(email):
            if not account_changes.email_recently_set_by_someone_else(user):
                yield user


@method_decorator(
    ratelimit.rate_limited("password_reset", limit=5, window_seconds=900), name="dispatch"
)
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    form_class = PasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].lower()
        audit.record(action=Action.PASSWORD_RESET_REQUESTED)
        if not ratelimit.hit("password_reset_email", email, limit=3, window_seconds=3600):
            # Quietly send nothing more to this address this hour; the page looks the same.
            return super(auth_views.PasswordResetView, self).form_valid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic(durable=True):
            response = super().form_valid(form)
            audit.record(
                action=Action.PASSWORD_RESET_DONE,
                actor=form.user,
                target_ref=str(form.user.ref),
            )
        return response
