"""A member of staff's own account: changing their password, signing out."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from practice import ratelimit, services, two_factor
from practice.forms import OwnPasswordChangeForm, ProfessionalRegistrationForm
from practice.middleware import SESSION_ENDED_KEY
from practice.models import PracticeProfile
from practice.professional_registration import own_registration_set


@login_required
@ratelimit.rate_limited("password_change", limit=10, window_seconds=900)
def password_change(request):
    form = OwnPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = two_factor.second_factor_verify(
            request=request, token=form.cleaned_data["code"], step="password_change"
        )
        if problem:
            form.add_error("code", problem)
        else:
            services.password_change(
                actor=request.user,
                new_password=form.cleaned_data["new_password1"],
            )
            update_session_auth_hash(request, request.user)
            messages.success(
                request,
                "Your password has been changed. Anywhere else you were signed in, you have "
                "been signed out.",
            )
            return redirect("account")
    return render(request, "practice/password_change.html", {"form": form})


@login_required
def professional_registration(request):
    """Your professional body and registration number, as a client's report prints them."""
    user = request.user
    form = ProfessionalRegistrationForm(
        request.POST or None,
        initial={
            "professional_body": user.professional_body,
            "registration_number": user.registration_number,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            own_registration_set(actor=user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, "Your professional registration is saved.")
            return redirect("account")
    return render(
        request,
        "practice/professional_registration.html",
        {"form": form, "practice_body": PracticeProfile.load().professional_body},
    )


class SignInView(auth_views.LoginView):
    """Django's sign-in; says "your session ended" only to someone whose session did."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session_ended"] = bool(self.request.session.pop(SESSION_ENDED_KEY, False))
        return context


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, then a plain 'you have signed out' on the sign-in page (which
    otherwise could be mistaken for the idle time-out)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response
