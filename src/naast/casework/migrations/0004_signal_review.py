"""Signals are reviewed before their words leave the case file: status, the approved text and who
reviewed it. Signals recorded before keep their text in the case file; those the supporter marked
shareable now wait for a coordinator's review (none is approved by the migration), the others are
internal."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def internal_stays_internal(apps, schema_editor):
    apps.get_model("casework", "Signal").objects.filter(shareable=False).update(status="internal")


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0003_appointment_note_in_calendar'),
        ('registry', '0005_open_queue_index_with_every_norm'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='signal',
            name='approved_text',
            field=models.TextField(blank=True, verbose_name='text to share'),
        ),
        migrations.AddField(
            model_name='signal',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='reviewed'),
        ),
        migrations.AddField(
            model_name='signal',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='signal',
            name='status',
            field=models.CharField(choices=[('pending', 'Waiting for review'), ('approved', 'Approved to share'), ('internal', 'Internal')], default='pending', max_length=10, verbose_name='review'),
        ),
        migrations.RunPython(internal_stays_internal, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='signal',
            index=models.Index(fields=['status', 'recorded_at'], name='casework_si_status_a03d3b_idx'),
        ),
        migrations.AddConstraint(
            model_name='signal',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'approved'), models.Q(('approved_text', ''), _negated=True)), models.Q(models.Q(('status', 'approved'), _negated=True), ('approved_text', '')), _connector='OR'), name='casework_signal_approved_text'),
        ),
    ]
