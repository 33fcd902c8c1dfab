from django.urls import path

from disclosures.views import drafting, evidence, pattern, record, restriction, review, workflow

urlpatterns = [
    # The therapist's pages
    path("disclosures/", workflow.disclosure_list, name="disclosure_list"),
    path("clients/<uuid:ref>/disclosures/", record.client_disclosures, name="client_disclosures"),
    path("clients/<uuid:ref>/disclosures/new/", drafting.disclosure_start, name="disclosure_start"),
    path(
        "clients/<uuid:ref>/disclosures/<uuid:record_ref>/restriction/",
        restriction.restriction_review,
        name="restriction_review",
    ),
    path(
        "clients/<uuid:ref>/disclosures/<uuid:record_ref>/restriction/lift/",
        restriction.restriction_lift_ask,
        name="restriction_lift_ask",
    ),
    path(
        "clients/<uuid:ref>/disclosures/<uuid:record_ref>/restriction/withdraw/",
        restriction.restriction_lift_withdraw,
        name="restriction_lift_withdraw",
    ),
    path("disclosures/<uuid:ref>/", workflow.disclosure_detail, name="disclosure_detail"),
    path(
        "disclosures/<uuid:ref>/steps/<slug:step>/",
        drafting.disclosure_step,
        name="disclosure_step",
    ),
    path("disclosures/<uuid:ref>/quotes/", drafting.disclosure_quotes, name="disclosure_quotes"),
    path(
        "disclosures/<uuid:ref>/quotes/<uuid:quote_ref>/remove/",
        drafting.disclosure_quote_remove,
        name="disclosure_quote_remove",
    ),
    path("disclosures/<uuid:ref>/submit/", workflow.disclosure_submit, name="disclosure_submit"),
    path(
        "disclosures/<uuid:ref>/withdraw/", workflow.disclosure_withdraw, name="disclosure_withdraw"
    ),
    path(
        "disclosures/<uuid:ref>/disclose/", workflow.disclosure_disclose, name="disclosure_disclose"
    ),
    path(
        "disclosures/<uuid:ref>/emergency/",
        workflow.disclosure_emergency,
        name="disclosure_emergency",
    ),
    path("disclosures/<uuid:ref>/close/", workflow.disclosure_close, name="disclosure_close"),
    path(
        "disclosures/<uuid:ref>/evidence/",
        evidence.disclosure_evidence_add,
        name="disclosure_evidence_add",
    ),
    path(
        "disclosures/<uuid:ref>/evidence/<uuid:evidence_ref>/",
        evidence.disclosure_evidence_file,
        name="disclosure_evidence_file",
    ),
    path(
        "disclosures/<uuid:ref>/court-order-checks/",
        evidence.disclosure_court_order_checks,
        name="disclosure_court_order_checks",
    ),
    path("disclosures/<uuid:ref>/report/", workflow.disclosure_report, name="disclosure_report"),
    path(
        "disclosures/<uuid:ref>/reports/<uuid:report_ref>.pdf",
        workflow.disclosure_report_pdf,
        name="disclosure_report_pdf",
    ),
    path(
        "disclosures/<uuid:ref>/decision-record.pdf",
        workflow.disclosure_record_pdf,
        name="disclosure_record_pdf",
    ),
    # The supervisor's pages (the queue itself is the supervisor's dashboard)
    path("reviews/", review.review_queue, name="supervisor_dashboard"),
    path("manage/disclosures/emergencies/", pattern.emergency_pattern, name="emergency_pattern"),
    path("reviews/decided/", review.reviews_decided, name="reviews_decided"),
    path("reviews/supervisees/", review.supervisees, name="supervisees"),
    path("reviews/requests/<uuid:ref>/", review.disclosure_review, name="disclosure_review"),
    path(
        "reviews/restriction-lifts/<uuid:ref>/",
        restriction.restriction_lift_review,
        name="restriction_lift_review",
    ),
    path(
        "reviews/requests/<uuid:ref>/decision-record.pdf",
        review.disclosure_review_pdf,
        name="disclosure_review_pdf",
    ),
]
