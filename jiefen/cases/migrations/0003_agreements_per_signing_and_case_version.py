"""A reopened case may reach a second agreement; each agreement keeps the names it was signed under.

Cases get a version that every move bumps, so that a move checked against a stale copy fails.
"""

import django.db.models.deletion
from django.db import migrations, models


def freeze_names(apps, schema_editor):
    Agreement = apps.get_model("cases", "Agreement")
    for agreement in Agreement.objects.select_related("case__mediator", "case__handling_org"):
        Agreement.objects.filter(pk=agreement.pk).update(
            mediator_name=agreement.case.mediator.name if agreement.case.mediator else "",
            organisation_name=agreement.case.handling_org.name,
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_deadline_rules")]

    operations = [
        migrations.AlterField(
            model_name="agreement",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="agreements", to="cases.case"
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="mediator_name",
            field=models.CharField(default="", max_length=64, verbose_name="mediator"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="agreement",
            name="organisation_name",
            field=models.CharField(default="", max_length=128, verbose_name="mediating organisation"),
            preserve_default=False,
        ),
        migrations.RunPython(freeze_names, migrations.RunPython.noop),
        migrations.AddField(
            model_name="case",
            name="version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
