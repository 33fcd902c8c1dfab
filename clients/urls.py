from django.urls import path

from clients.views import caseload_transfer, clients, records

urlpatterns = [
    path("caseload/", clients.caseload, name="therapist_dashboard"),
    # An admin hands a departing therapist's caseload to a colleague (staff pages).
    path(
        "manage/staff/<uuid:ref>/caseload/",
        caseload_transfer.caseload_transfer,
        name="caseload_transfer",
    ),
    path("clients/new/", clients.client_new, name="client_new"),
    path("clients/<uuid:ref>/", clients.client_detail, name="client_detail"),
    path("clients/<uuid:ref>/edit/", clients.client_edit, name="client_edit"),
    path("clients/<uuid:ref>/end/", clients.client_end, name="client_end"),
    path("clients/<uuid:ref>/remove/", clients.client_remove, name="client_remove"),
    path("clients/<uuid:ref>/consent/", clients.consent_record, name="consent_record"),
    path(
        "clients/<uuid:ref>/consent/withdraw/",
        clients.consent_withdraw,
        name="consent_withdraw",
    ),
    path("clients/<uuid:ref>/parents/", clients.parent_add, name="parent_add"),
    path(
        "clients/<uuid:ref>/parents/<uuid:person_ref>/remove/",
        clients.parent_remove,
        name="parent_remove",
    ),
    path("clients/<uuid:ref>/sessions/new/", records.session_edit, name="session_new"),
    path(
        "clients/<uuid:ref>/sessions/<uuid:session_ref>/",
        records.session_edit,
        name="session_edit",
    ),
    path("clients/<uuid:ref>/notes/new/", records.note_new, name="note_new"),
    path("clients/<uuid:ref>/notes/<uuid:note_ref>/", records.note_detail, name="note_detail"),
    path(
        "clients/<uuid:ref>/notes/<uuid:note_ref>/addenda/",
        records.addendum_new,
        name="addendum_new",
    ),
]
