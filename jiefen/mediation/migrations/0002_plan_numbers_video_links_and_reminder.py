"""A video session's link has its own column; each plan has its number within its case, which keys the
scheduler's reminder of it; the reminder's lead time is data (shipped: 24 hours before, the day before)."""

import django.core.validators
from django.db import migrations, models


def number_the_plans(apps, schema_editor):
    SessionPlan = apps.get_model("mediation", "SessionPlan")
    numbers = {}
    for plan in SessionPlan.objects.order_by("case_id", "id").only("pk", "case_id"):
        numbers[plan.case_id] = numbers.get(plan.case_id, 0) + 1
        SessionPlan.objects.filter(pk=plan.pk).update(number=numbers[plan.case_id])


def move_video_links(apps, schema_editor):
    """A video session's link was kept in ``place``; it has a column of its own now."""
    SessionPlan = apps.get_model("mediation", "SessionPlan")
    for plan in SessionPlan.objects.filter(mode="video", place__regex=r"^https?://").only("pk", "place"):
        SessionPlan.objects.filter(pk=plan.pk).update(video_link=plan.place[:255], place="")


def add_the_reminder(apps, schema_editor):
    SessionReminder = apps.get_model("mediation", "SessionReminder")
    if not SessionReminder.objects.exists():
        SessionReminder.objects.create(hours_before=24)


class Migration(migrations.Migration):

    dependencies = [
        ('mediation', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SessionReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hours_before', models.PositiveSmallIntegerField(default=24, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(168)], verbose_name='hours before the session')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
            ],
            options={
                'verbose_name': 'session reminder',
                'verbose_name_plural': 'session reminder',
            },
        ),
        migrations.AddField(
            model_name='sessionplan',
            name='number',
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='number within the case'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='sessionplan',
            name='video_link',
            field=models.URLField(blank=True, max_length=255, verbose_name='video link'),
        ),
        migrations.AlterField(
            model_name='sessionplan',
            name='place',
            field=models.CharField(blank=True, max_length=255, verbose_name='place of the session'),
        ),
        migrations.RunPython(number_the_plans, migrations.RunPython.noop),
        migrations.RunPython(move_video_links, migrations.RunPython.noop),
        migrations.RunPython(add_the_reminder, migrations.RunPython.noop),
    ]
