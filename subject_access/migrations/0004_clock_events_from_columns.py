from django.db import migrations


def clock_events_from_columns(apps, schema_editor):
    """The clock's dates move from columns on the request to dated facts. A clarification
    used to restart the month; read as facts it pauses it (UK GDPR Art. 12A), as the law says."""
    Request = apps.get_model("subject_access", "SubjectAccessRequest")
    ClockEvent = apps.get_model("subject_access", "ClockEvent")
    for sar in Request.objects.all():
        facts = []
        if sar.identity_verified_on:
            facts.append(("identity", sar.identity_verified_on, sar.identity_checked_by_id))
        if sar.clarification_requested_on:
            facts.append(("clarification_asked", sar.clarification_requested_on, None))
        if sar.clarification_received_on:
            facts.append(("clarification_received", sar.clarification_received_on, None))
        for kind, on, by in facts:
            ClockEvent.objects.create(
                request=sar,
                kind=kind,
                on=on,
                recorded_by_id=by or sar.logged_by_id,
                recorded_at=sar.logged_at,
            )
        if sar.extension_months:
            ClockEvent.objects.create(
                request=sar,
                kind="extended",
                on=sar.extension_told_on or sar.received_on,
                months=sar.extension_months,
                extension_reason=sar.extension_reason,
                recorded_by_id=sar.logged_by_id,
                recorded_at=sar.logged_at,
            )


class Migration(migrations.Migration):

    dependencies = [
        ('subject_access', '0003_clock_events'),
    ]

    operations = [
        migrations.RunPython(clock_events_from_columns, migrations.RunPython.noop),
    ]
