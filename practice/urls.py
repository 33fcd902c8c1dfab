"""The practice core's own pages: signing in, accounts, staff, the practice profile and the
audit page. The project's root URLconf (config/urls.py) composes these with each app's."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from practice import passkeys
from practice.forms import LoginForm
from practice.views import (
    account_changes,
    dashboards,
    own_account,
    password_reset,
    practice_admin,
    staff,
    two_factor,
)

urlpatterns = [
    path("", dashboards.home, name="home"),
    path(
        "accounts/login/",
        own_account.SignInView.as_view(
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
            extra_context={"failure_limit": settings.AXES_FAILURE_LIMIT},
        ),
        name="login",
    ),
    path("accounts/logout/", own_account.SignOutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("account/", two_factor.account, name="account"),
    path("account/password/", own_account.password_change, name="password_change"),
    path(
        "account/professional/",
        own_account.professional_registration,
        name="account_professional",
    ),
    path("account/two-factor/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/setup/qr.svg", two_factor.two_factor_qr, name="two_factor_qr"),
    path(
        "account/two-factor/recovery-codes/",
        two_factor.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        two_factor.two_factor_new_codes,
        name="two_factor_new_codes",
    ),
    path("account/two-factor/confirm/", two_factor.two_factor_confirm, name="two_factor_confirm"),
    path("account/passkeys/", include((passkeys.urlpatterns, "otp_webauthn"))),
    path("manage/", dashboards.admin_dashboard, name="admin_dashboard"),
    path("manage/staff/", staff.staff_list, name="staff_list"),
    path("manage/staff/new/", staff.staff_create, name="staff_create"),
    path("manage/staff/<uuid:ref>/", staff.staff_detail, name="staff_detail"),
    path("manage/staff/<uuid:ref>/active/", staff.staff_set_active, name="staff_set_active"),
    path(
        "manage/staff/<uuid:ref>/health-profession/",
        staff.staff_health_profession,
        name="staff_health_profession",
    ),
    path(
        "manage/staff/<uuid:ref>/two-factor-reset/",
        staff.staff_two_factor_reset,
        name="staff_two_factor_reset",
    ),
    path(
        "manage/staff/<uuid:ref>/password-reset/",
        staff.staff_password_reset,
        name="staff_password_reset",
    ),
    path("account-changes/", account_changes.account_change_list, name="account_change_list"),
    path(
        "account-changes/<uuid:ref>/<slug:decision>/",
        account_changes.account_change_decide,
        name="account_change_decide",
    ),
    path(
        "manage/staff/<uuid:ref>/supervision/",
        staff.supervision_start,
        name="supervision_start",
    ),
    path(
        "manage/staff/<uuid:ref>/supervision/<uuid:link_ref>/end/",
        staff.supervision_end,
        name="supervision_end",
    ),
    path("manage/practice/", practice_admin.practice_profile, name="practice_profile"),
    path("manage/audit/", practice_admin.audit_log, name="audit_log"),
]
