from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = "Disclosures"

    def ready(self) -> None:
        from clients import hooks
        from disclosures import readings, selectors
        from disclosures.client_facing import held_back
        from disclosures.demo import seed_disclosures
        from disclosures.models import (
            ClientReport,
            DisclosureRecord,
            DisclosureRequest,
            Evidence,
            QuotedPassage,
            RequestEvent,
            RestrictionLift,
        )
        from disclosures.views.record import client_page_section
        from practice import client_facing, datamap, demo
        from records import holds

        # Every row of a disclosure request leaves with the request or not at all: the
        # rule of practice.client_facing decides, from disclosures.client_facing.
        datamap.register(
            DisclosureRequest,
            reaches_client_by="case_file",
            category="disclosures",
            withheld_with="ref",
            exclude=("steps_done",),  # workflow machinery, not information about the client
            reads=readings.REQUEST,
        )
        for model, reads in (
            (QuotedPassage, readings.QUOTED_PASSAGE),
            (RequestEvent, readings.REQUEST_EVENT),
            (ClientReport, readings.CLIENT_REPORT),
        ):
            datamap.register(
                model,
                reaches_client_by="request__case_file",
                category="disclosures",
                withheld_with="request__ref",
                reads=reads,
            )
        # A document kept with a request leaves with its request or not at all; in an answer,
        # the file itself goes into the archive, never its bytes into answer.json.
        datamap.register(
            Evidence,
            reaches_client_by="request__case_file",
            category="disclosures",
            withheld_with="request__ref",
            exclude=("content",),
            attachments=selectors.evidence_attachment,
            reads=readings.EVIDENCE,
        )
        datamap.register(
            DisclosureRecord,
            reaches_client_by="case_file",
            category="disclosures",
            withheld_with="request__ref",
            reads=readings.DISCLOSURE_RECORD,
        )
        datamap.register(
            RestrictionLift,
            reaches_client_by="disclosure__case_file",
            category="disclosures",
            withheld_with="disclosure__request__ref",
            reads=readings.RESTRICTION_LIFT,
        )
        client_facing.register_source(DisclosureRequest, held_back=held_back)
        holds.register_source(selectors.open_request_holds, holding=selectors.open_request_holding)
        hooks.register_client_section("disclosures/client_section.html", client_page_section)
        demo.register_seeder(seed_disclosures, order=40)
