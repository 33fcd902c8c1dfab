"""Create the role groups with their permissions, the practice profile row, the audit
chain head, and the triggers that make the audit table append-only."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from practice.migrations import _audit_triggers

ROLE_PERMISSIONS = {
    "therapist": ["keep_caseload"],
    "supervisor": ["review_disclosures"],
    "admin": ["manage_staff", "manage_practice", "view_audit_trail"],
}

def install_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        _audit_triggers.create(cursor, schema_editor.connection.vendor)


def remove_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        _audit_triggers.drop(cursor, schema_editor.connection.vendor)


def create_roles(apps, schema_editor):
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("practice")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=db, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(db).get_or_create(name=role)
        group.permissions.set(
            Permission.objects.using(db).filter(
                content_type__app_label="practice", codename__in=codenames
            )
        )


def create_singletons(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("practice", "PracticeProfile").objects.using(db).get_or_create(pk=1)
    apps.get_model("practice", "AuditChainHead").objects.using(db).get_or_create(
        pk=1, defaults={"seq": 0, "hash": "0" * 64}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_singletons, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
