"""The timing the scheduler starts with, edited by administrators afterwards.

Reminders two working days before the deadline and on its last working day. The closed loop (小事不出村、大事不出镇、
矛盾不上交): an unresolved case goes to the attention of the level above on the first day after its deadline, and to
the level above that five working days later. The law sets handling limits (the deadline rules), not these steps:
they are the network's own supervision practice, which is why they are data."""

from django.db import migrations

REMINDERS = [2, 0]
STEPS = [(1, 0), (2, 5)]


def add_timing(apps, schema_editor):
    ReminderRule = apps.get_model("scheduler", "ReminderRule")
    EscalationStep = apps.get_model("scheduler", "EscalationStep")
    for days in REMINDERS:
        ReminderRule.objects.get_or_create(working_days_before=days)
    for stage, overdue in STEPS:
        EscalationStep.objects.get_or_create(stage=stage, defaults={"working_days_overdue": overdue})


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0001_initial")]

    operations = [migrations.RunPython(add_timing, migrations.RunPython.noop)]
