from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from practice.views import dashboards, practice_admin, staff

urlpatterns = [
    path("", dashboards.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True,
            extra_context={"failure_limit": settings.AXES_FAILURE_LIMIT},
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reviews/", dashboards.supervisor_dashboard, name="supervisor_dashboard"),
    path("manage/", dashboards.admin_dashboard, name="admin_dashboard"),
    path("manage/staff/", staff.staff_list, name="staff_list"),
    path("manage/staff/new/", staff.staff_create, name="staff_create"),
    path("manage/staff/<uuid:ref>/", staff.staff_detail, name="staff_detail"),
    path("manage/staff/<uuid:ref>/active/", staff.staff_set_active, name="staff_set_active"),
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
    # Composition happens here, at the top: each app's pages.
    path("", include("clients.urls")),
]

handler403 = "django.views.defaults.permission_denied"
handler404 = "django.views.defaults.page_not_found"
handler500 = "django.views.defaults.server_error"
