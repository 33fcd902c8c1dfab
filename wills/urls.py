from django.urls import path

from wills import views

urlpatterns = [
    path("will/", views.will_mine, name="will_mine"),
    path("will/namings/<uuid:ref>/withdraw/", views.will_withdraw, name="will_withdraw"),
    path("will/activations/<uuid:ref>/cancel/", views.will_cancel, name="will_cancel"),
    path("manage/wills/", views.will_admin, name="will_admin"),
    path(
        "manage/wills/namings/<uuid:ref>/countersign/",
        views.will_countersign,
        name="will_countersign",
    ),
    path(
        "manage/wills/namings/<uuid:ref>/invitation/",
        views.will_invitation_resend,
        name="will_invitation_resend",
    ),
    path("will/invitation/<str:token>/", views.will_invitation, name="will_invitation"),
    path("manage/wills/activations/<uuid:ref>/end/", views.will_end, name="will_end"),
    path(
        "manage/wills/activations/<uuid:ref>/records/",
        views.will_records_keep,
        name="will_records_keep",
    ),
    path("wills/reviews/", views.will_reviews, name="will_reviews"),
    path("wills/reviews/<uuid:ref>/approve/", views.will_approve, name="will_approve"),
    path("executor/", views.will_executor, name="will_executor"),
    path("executor/namings/<uuid:ref>/ask/", views.will_ask, name="will_ask"),
    path("executor/activations/<uuid:ref>/", views.will_clients, name="will_clients"),
    path(
        "executor/activations/<uuid:ref>/clients/<uuid:client_ref>/",
        views.will_client,
        name="will_client",
    ),
    path(
        "executor/activations/<uuid:ref>/clients/<uuid:client_ref>/steps/",
        views.will_step,
        name="will_step",
    ),
    path(
        "executor/activations/<uuid:ref>/clients/<uuid:client_ref>/letter/",
        views.will_letter,
        name="will_letter",
    ),
    path(
        "executor/activations/<uuid:ref>/clients/<uuid:client_ref>/letter/email/",
        views.will_letter_email,
        name="will_letter_email",
    ),
    path(
        "executor/activations/<uuid:ref>/clients/<uuid:client_ref>/letter.pdf",
        views.will_letter_pdf,
        name="will_letter_pdf",
    ),
]
