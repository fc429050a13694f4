from django.db import migrations

# Day 0 a text message with the notice's link; +2 working days a call by the mediator; +5 a home visit by the
# grid worker of the respondent's place; +8 a formal written notice to print and serve.
STEPS = [(0, "sms"), (2, "call"), (5, "visit"), (8, "written")]


def add_steps(apps, schema_editor):
    ContactStep = apps.get_model("respondent", "ContactStep")
    for days, action in STEPS:
        ContactStep.objects.get_or_create(working_days=days, defaults={"action": action})


class Migration(migrations.Migration):
    dependencies = [("respondent", "0001_initial")]
    operations = [migrations.RunPython(add_steps, migrations.RunPython.noop)]
