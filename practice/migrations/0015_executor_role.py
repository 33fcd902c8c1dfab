"""The executor role (professional will, issue 25): its group, with no permission of its own."""

from django.db import migrations, models


def create_executor_group(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(db).get_or_create(name="executor")


def remove_executor_group(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(db).filter(name="executor").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0014_user_professional_registration"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accountchange",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("therapist", "Therapist"),
                    ("supervisor", "Supervisor"),
                    ("admin", "Admin (practice manager / data-protection lead)"),
                    ("executor", "Executor (professional will)"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(create_executor_group, remove_executor_group),
    ]
