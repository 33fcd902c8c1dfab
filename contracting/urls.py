from django.urls import path

from contracting import views

urlpatterns = [
    path(
        "clients/<uuid:ref>/contracting/",
        views.client_contracting,
        name="contracting_client",
    ),
    path(
        "clients/<uuid:ref>/contracting/preview/<slug:kind>/",
        views.preview,
        name="contracting_preview",
    ),
    path(
        "clients/<uuid:ref>/contracting/generate/",
        views.generate,
        name="contracting_generate",
    ),
    path(
        "clients/<uuid:ref>/contracting/<uuid:agreement_ref>/send/",
        views.send,
        name="contracting_send",
    ),
    path(
        "clients/<uuid:ref>/contracting/<uuid:agreement_ref>/acknowledge/",
        views.acknowledge,
        name="contracting_acknowledge",
    ),
    path(
        "clients/<uuid:ref>/contracting/<uuid:agreement_ref>/withdraw/",
        views.withdraw,
        name="contracting_withdraw",
    ),
    path(
        "clients/<uuid:ref>/contracting/<uuid:agreement_ref>/<slug:kind>.pdf",
        views.document,
        name="contracting_document",
    ),
    # The client's signing link: no account, the token is the only key.
    path("sign/<str:token>/", views.sign, name="contracting_sign"),
    path("sign/<str:token>/<slug:kind>.pdf", views.sign_document, name="contracting_sign_document"),
    path("manage/contracting/", views.templates, name="contracting_templates"),
    path(
        "manage/contracting/<slug:kind>/<slug:variant>/",
        views.template_edit,
        name="contracting_template_edit",
    ),
]
