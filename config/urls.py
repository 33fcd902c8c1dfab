"""The root URLconf: composition happens here, at the top, from each app's own pages."""

from django.urls import include, path

urlpatterns = [
    path("", include("practice.urls")),
    path("", include("clients.urls")),
    path("", include("contracting.urls")),
    path("", include("records.urls")),
    path("", include("subject_access.urls")),
    path("", include("disclosures.urls")),
    path("", include("rights.urls")),
    path("", include("wills.urls")),
]

handler403 = "django.views.defaults.permission_denied"
handler404 = "django.views.defaults.page_not_found"
handler500 = "django.views.defaults.server_error"
