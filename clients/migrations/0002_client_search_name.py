import unicodedata

from django.db import migrations, models


def _search_form(text: str) -> str:
    # A frozen copy of clients.models.search_form: migrations do not import app code.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fill_search_names(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    alias = schema_editor.connection.alias
    for client in Client.objects.using(alias).only(
        "pk", "given_name", "family_name", "preferred_name"
    ):
        client.search_name = _search_form(
            " ".join((client.given_name, client.family_name, client.preferred_name))
        )
        client.save(using=alias, update_fields=["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="search_name",
            field=models.CharField(blank=True, editable=False, max_length=400),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]
