"""The shipped follow-up plans: 7, 30 and 90 days after closure by default; red and orange cases more often and
sooner (editable in the admin)."""

from django.db import migrations

PLANS = [
    ("", "", "7,30,90"),
    ("", "橙", "3,7,30,60,90"),
    ("", "红", "3,7,15,30,60,90"),
]


def ship(apps, schema_editor):
    FollowUpPlan = apps.get_model("followups", "FollowUpPlan")
    for category, risk, days in PLANS:
        FollowUpPlan.objects.get_or_create(category=category, risk=risk, defaults={"days": days})


class Migration(migrations.Migration):
    dependencies = [("followups", "0001_initial")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
