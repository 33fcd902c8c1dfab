"""Password reset by e-mail (Django's views), rate limited and audited.

The answer never says whether an address belongs to an account. A reset password still
needs the second factor at the next sign-in.
"""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from practice import audit, ratelimit


@method_decorator(
    ratelimit.rate_limited("password_reset", limit=5, window_seconds=900), name="dispatch"
)
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].lower()
        audit.record(action=audit.Action.PASSWORD_RESET_REQUESTED, request=self.request)
        if not ratelimit.hit("password_reset_email", email, limit=3, window_seconds=3600):
            # Quietly send nothing more to this address this hour; the page looks the same.
            return super(auth_views.PasswordResetView, self).form_valid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            action=audit.Action.PASSWORD_RESET_DONE,
            actor=form.user,
            target_ref=str(form.user.ref),
            request=self.request,
        )
        return response
