from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('subject_access', '0004_clock_events_from_columns'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='subjectaccessrequest',
            name='sar_extension_at_most_two_months',
        ),
        migrations.RemoveField(
            model_name='subjectaccessrequest',
            name='clarification_received_on',
        ),
        migrations.RemoveField(
            model_name='subjectaccessrequest',
            name='clarification_requested_on',
        ),
        migrations.RemoveField(
            model_name='subjectaccessrequest',
            name='extension_months',
        ),
        migrations.RemoveField(
            model_name='subjectaccessrequest',
            name='extension_reason',
        ),
        migrations.RemoveField(
            model_name='subjectaccessrequest',
            name='extension_told_on',
        ),
        migrations.RemoveField(
            model_name='subjectaccessrequest',
            name='identity_verified_on',
        ),
    ]
