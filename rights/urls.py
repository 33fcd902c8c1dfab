from django.urls import path

from rights.views import (
    admin,
    breaches,
    desk,
    erasure,
    evidence_pack,
    objection,
    public,
    rectification,
    restriction,
)

urlpatterns = [
    path("complaint/", public.complaint_form, name="complaint_form"),
    path("complaint/received/", public.complaint_received, name="complaint_received"),
    path("manage/evidence-pack/", evidence_pack.evidence_pack, name="evidence_pack"),
    path("manage/complaints/", admin.complaint_desk, name="complaint_desk"),
    path("manage/complaints/new/", admin.complaint_new, name="complaint_new"),
    path("manage/complaints/<uuid:ref>/", admin.complaint_detail, name="complaint_detail"),
    path("manage/complaints/<uuid:ref>/assign/", admin.complaint_assign, name="complaint_assign"),
    path(
        "manage/complaints/<uuid:ref>/acknowledge/",
        admin.complaint_acknowledge,
        name="complaint_acknowledge",
    ),
    path("manage/complaints/<uuid:ref>/notes/", admin.complaint_note, name="complaint_note"),
    path("manage/complaints/<uuid:ref>/close/", admin.complaint_close, name="complaint_close"),
    path("manage/complaints/<uuid:ref>/link/", admin.complaint_link, name="complaint_link"),
    path(
        "manage/complaints/<uuid:ref>/letters/<uuid:letter_ref>/",
        admin.complaint_letter,
        name="complaint_letter",
    ),
    path("manage/desk/", desk.desk, name="desk"),
    path("manage/breaches/", breaches.breach_list, name="breach_list"),
    path("manage/breaches/new/", breaches.breach_new, name="breach_new"),
    path("manage/breaches/<uuid:ref>/", breaches.breach_detail, name="breach_detail"),
    path("manage/breaches/<uuid:ref>/records/", breaches.breach_records, name="breach_records"),
    path("manage/breaches/<uuid:ref>/assess/", breaches.breach_assess, name="breach_assess"),
    path("manage/breaches/<uuid:ref>/ico/", breaches.breach_notify_ico, name="breach_notify_ico"),
    path(
        "manage/breaches/<uuid:ref>/not-reported/",
        breaches.breach_not_notify,
        name="breach_not_notify",
    ),
    path(
        "manage/breaches/<uuid:ref>/people/",
        breaches.breach_notify_people,
        name="breach_notify_people",
    ),
    path(
        "manage/breaches/<uuid:ref>/remediation/",
        breaches.breach_remediate,
        name="breach_remediate",
    ),
    path("manage/breaches/<uuid:ref>/close/", breaches.breach_close, name="breach_close"),
    path("manage/rectification/new/", rectification.rectification_new, name="rectification_new"),
    path(
        "manage/rectification/<uuid:ref>/",
        rectification.rectification_detail,
        name="rectification_detail",
    ),
    path(
        "manage/rectification/<uuid:ref>/acknowledge/",
        rectification.rectification_acknowledge,
        name="rectification_acknowledge",
    ),
    path(
        "manage/rectification/<uuid:ref>/extend/",
        rectification.rectification_extend,
        name="rectification_extend",
    ),
    path(
        "manage/rectification/<uuid:ref>/close/",
        rectification.rectification_close,
        name="rectification_close",
    ),
    path(
        "manage/rectification/<uuid:ref>/letters/<uuid:letter_ref>/",
        rectification.rectification_letter,
        name="rectification_letter",
    ),
    path("rectification/", rectification.rectification_mine, name="rectification_mine"),
    path(
        "rectification/<uuid:ref>/respond/",
        rectification.rectification_respond,
        name="rectification_respond",
    ),
    path("manage/objections/new/", objection.objection_new, name="objection_new"),
    path("manage/objections/<uuid:ref>/", objection.objection_detail, name="objection_detail"),
    path(
        "manage/objections/<uuid:ref>/acknowledge/",
        objection.objection_acknowledge,
        name="objection_acknowledge",
    ),
    path(
        "manage/objections/<uuid:ref>/extend/", objection.objection_extend, name="objection_extend"
    ),
    path(
        "manage/objections/<uuid:ref>/decide/", objection.objection_decide, name="objection_decide"
    ),
    path(
        "manage/objections/<uuid:ref>/letters/<uuid:letter_ref>/",
        objection.objection_letter,
        name="objection_letter",
    ),
    path("manage/erasures/new/", erasure.erasure_new, name="erasure_new"),
    path("manage/erasures/<uuid:ref>/", erasure.erasure_detail, name="erasure_detail"),
    path(
        "manage/erasures/<uuid:ref>/acknowledge/",
        erasure.erasure_acknowledge,
        name="erasure_acknowledge",
    ),
    path("manage/erasures/<uuid:ref>/extend/", erasure.erasure_extend, name="erasure_extend"),
    path("manage/erasures/<uuid:ref>/decide/", erasure.erasure_decide, name="erasure_decide"),
    path(
        "manage/erasures/<uuid:ref>/carry-out/",
        erasure.erasure_carry_out,
        name="erasure_carry_out",
    ),
    path(
        "manage/erasures/<uuid:ref>/letters/<uuid:letter_ref>/",
        erasure.erasure_letter,
        name="erasure_letter",
    ),
    path("manage/restrictions/new/", restriction.restriction_new, name="restriction_request_new"),
    path(
        "manage/restrictions/<uuid:ref>/",
        restriction.restriction_detail,
        name="restriction_request_detail",
    ),
    *[
        path(
            f"manage/restrictions/<uuid:ref>/{step}/",
            getattr(restriction, f"restriction_{step}"),
            name=f"restriction_request_{step}",
        )
        for step in ("acknowledge", "extend", "apply", "notify", "lift")
    ],
    path(
        "manage/restrictions/<uuid:ref>/letters/<uuid:letter_ref>/",
        restriction.restriction_letter,
        name="restriction_request_letter",
    ),
]
