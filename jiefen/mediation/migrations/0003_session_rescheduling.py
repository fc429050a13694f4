"""Rescheduling keeps the earlier plan (``replaces``); the plan's number is unique within its case (numbered in
0002, in a transaction of its own: PostgreSQL alters no table with rows updated earlier in the same one); the index
the scheduler's pass reads."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mediation', '0002_plan_numbers_video_links_and_reminder'),
    ]

    operations = [
        migrations.AddField(
            model_name='sessionplan',
            name='replaces',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaced_by', to='mediation.sessionplan', verbose_name='rescheduled from'),
        ),
        migrations.AlterField(
            model_name='sessionplan',
            name='cancel_reason',
            field=models.CharField(blank=True, max_length=255, verbose_name='why it was called off or rescheduled'),
        ),
        migrations.AlterField(
            model_name='sessionplan',
            name='status',
            field=models.CharField(choices=[('scheduled', 'Scheduled'), ('held', 'Held'), ('cancelled', 'Called off'), ('rescheduled', 'Rescheduled')], default='scheduled', max_length=12, verbose_name='status'),
        ),
        migrations.AddIndex(
            model_name='sessionplan',
            index=models.Index(fields=['status', 'starts_at'], name='mediation_s_status_15e44a_idx'),
        ),
        migrations.AddConstraint(
            model_name='sessionplan',
            constraint=models.UniqueConstraint(fields=('case', 'number'), name='mediation_plan_number_once_per_case'),
        ),
    ]
