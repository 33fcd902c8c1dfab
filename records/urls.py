from django.urls import path

from records import views

urlpatterns = [
    path("manage/retention/", views.retention_overview, name="retention_overview"),
    path("manage/retention/policy/", views.retention_policy, name="retention_policy"),
    path("manage/retention/holds/", views.legal_holds, name="legal_holds"),
    path("manage/retention/holds/<uuid:ref>/lift/", views.legal_hold_lift, name="legal_hold_lift"),
    path(
        "manage/retention/<str:record_ref>/adult-rule/",
        views.adult_rule_confirm,
        name="adult_rule_confirm",
    ),
    path("manage/retention/disposal/", views.disposal_page, name="disposal"),
]
