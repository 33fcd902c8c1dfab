from django.apps import AppConfig


class ContractingConfig(AppConfig):
    name = "contracting"
    verbose_name = "Contracting"

    def ready(self) -> None:
        from clients import hooks
        from contracting import readings, selectors, therapist_change
        from contracting.demo import seed_contracting
        from contracting.models import Agreement, AgreementDocument
        from practice import datamap, demo

        datamap.register(
            Agreement,
            reaches_client_by="case_file",
            category="agreements",
            withheld_with=None,
            reads=readings.AGREEMENT,
        )
        datamap.register(
            AgreementDocument,
            reaches_client_by="agreement__case_file",
            category="agreements",
            withheld_with=None,
            exclude=("pdf", "html", "template"),
            attachments=selectors.document_attachment,
            reads=readings.AGREEMENT_DOCUMENT,
        )
        hooks.register_caseload_column("Contracting", selectors.caseload_cells)
        hooks.register_therapist_change(therapist_change.agreements_flag_for_new_therapist)
        demo.register_seeder(seed_contracting, order=20)
