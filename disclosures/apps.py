from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = "Disclosures"

    def ready(self) -> None:
        from clients import hooks
        from disclosures import audit_labels, selectors
        from disclosures.demo import seed_disclosures
        from disclosures.models import (
            ClientReport,
            DisclosureRecord,
            DisclosureRequest,
            QuotedPassage,
            RequestEvent,
        )
        from disclosures.views.record import client_page_section
        from practice import datamap, demo
        from records import holds

        datamap.register(
            DisclosureRequest,
            reaches_client_by="case_file",
            category="disclosures",
            exclude=("steps_done",),  # workflow machinery, not information about the client
        )
        datamap.register(
            QuotedPassage, reaches_client_by="request__case_file", category="disclosures"
        )
        datamap.register(
            RequestEvent, reaches_client_by="request__case_file", category="disclosures"
        )
        # Rows with restricted=True never reach a client-facing output (see README).
        datamap.register(
            DisclosureRecord,
            reaches_client_by="case_file",
            category="disclosures",
            restricted_field="restricted",
        )
        datamap.register(
            ClientReport, reaches_client_by="request__case_file", category="disclosures"
        )
        audit_labels.register()
        holds.register_source(selectors.open_request_holds, holding=selectors.open_request_holding)
        hooks.register_client_section("disclosures/client_section.html", client_page_section)
        demo.register_seeder(seed_disclosures, order=40)
