from django.urls import path

from subject_access.views import admin, review

urlpatterns = [
    path("manage/subject-access/", admin.sar_dashboard, name="sar_dashboard"),
    path("manage/subject-access/new/", admin.sar_new, name="sar_new"),
    path("manage/subject-access/<uuid:ref>/", admin.sar_detail, name="sar_detail"),
    path("manage/subject-access/<uuid:ref>/identity/", admin.sar_identity, name="sar_identity"),
    path("manage/subject-access/<uuid:ref>/authority/", admin.sar_authority, name="sar_authority"),
    path(
        "manage/subject-access/<uuid:ref>/young-person/",
        admin.sar_young_person,
        name="sar_young_person",
    ),
    path(
        "manage/subject-access/<uuid:ref>/answer-young-person/",
        admin.sar_answer_young_person,
        name="sar_answer_young_person",
    ),
    path("manage/subject-access/<uuid:ref>/clarify/", admin.sar_clarify, name="sar_clarify"),
    path("manage/subject-access/<uuid:ref>/clarified/", admin.sar_clarified, name="sar_clarified"),
    path("manage/subject-access/<uuid:ref>/extend/", admin.sar_extend, name="sar_extend"),
    path("manage/subject-access/<uuid:ref>/fee/", admin.sar_fee, name="sar_fee"),
    path(
        "manage/subject-access/<uuid:ref>/fee/received/",
        admin.sar_fee_received,
        name="sar_fee_received",
    ),
    path("manage/subject-access/<uuid:ref>/reviewer/", admin.sar_reviewer, name="sar_reviewer"),
    path("manage/subject-access/<uuid:ref>/compile/", admin.sar_compile, name="sar_compile"),
    path("manage/subject-access/<uuid:ref>/progress/", admin.sar_progress, name="sar_progress"),
    path("manage/subject-access/<uuid:ref>/release/", admin.sar_release, name="sar_release"),
    path(
        "manage/subject-access/<uuid:ref>/health-data/",
        admin.sar_health_basis,
        name="sar_health_basis",
    ),
    path("manage/subject-access/<uuid:ref>/refuse/", admin.sar_refuse, name="sar_refuse"),
    path(
        "manage/subject-access/<uuid:ref>/refuse/approve/",
        admin.sar_refusal_approve,
        name="sar_refusal_approve",
    ),
    path(
        "manage/subject-access/<uuid:ref>/refuse/withdraw/",
        admin.sar_refusal_withdraw,
        name="sar_refusal_withdraw",
    ),
    path(
        "manage/subject-access/<uuid:ref>/letters/<slug:kind>/",
        admin.sar_letter,
        name="sar_letter",
    ),
    path(
        "manage/subject-access/<uuid:ref>/letters/kept/<uuid:letter_ref>.pdf",
        admin.sar_letter_pdf,
        name="sar_letter_pdf",
    ),
    path("manage/subject-access/<uuid:ref>/archive/", admin.sar_download, name="sar_download"),
    path("subject-access/reviews/", review.sar_reviews, name="sar_reviews"),
    path("subject-access/reviews/<uuid:ref>/", review.sar_review, name="sar_review"),
    path("subject-access/reviews/<uuid:ref>/redact/", review.sar_redact, name="sar_redact"),
    path(
        "subject-access/reviews/<uuid:ref>/held-back/",
        review.sar_held_back,
        name="sar_held_back",
    ),
    path("subject-access/reviews/<uuid:ref>/done/", review.sar_review_done, name="sar_review_done"),
    path(
        "subject-access/reviews/<uuid:ref>/parts/<slug:part>/done/",
        review.sar_part_done,
        name="sar_part_done",
    ),
]
