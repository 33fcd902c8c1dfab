from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self) -> None:
        from clients import readings
        from clients.demo import seed_clients
        from clients.models import Client, ParentalResponsibility
        from clients.retention import child_rule
        from clients.services import caseload_transfer_apply
        from practice import access_grants, datamap, demo
        from records import retention

        datamap.register(
            Client,
            reaches_client_by="record_ref",
            category="identity",
            withheld_with=None,
            exclude=("therapist_id",),
            reads=readings.CLIENT,
        )
        datamap.register(
            ParentalResponsibility,
            reaches_client_by="client__record_ref",
            category="identity",
            withheld_with=None,
            reads=readings.PARENTAL_RESPONSIBILITY,
        )
        demo.register_seeder(seed_clients, order=10)
        retention.register_keep_until_source(child_rule)
        access_grants.register_caseload_mover(caseload_transfer_apply)
