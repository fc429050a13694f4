"""The portal's evidence table goes once every row of it is a version of the case's materials (0005): the file,
its token, name, type, size, who uploaded it and when are all there, so dropping the table loses nothing. If any row
were not carried, the drop is refused and the table stays."""

from django.db import migrations


def all_carried(apps, schema_editor):
    Evidence = apps.get_model("portal", "Evidence")
    MaterialVersion = apps.get_model("mediation", "MaterialVersion")
    missing = Evidence.objects.exclude(token__in=MaterialVersion.objects.values("token")).count()
    if missing:
        raise RuntimeError(f"{missing} portal evidence rows are not among the case materials; the table is kept.")


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0005_evidence_into_materials"),
    ]

    operations = [
        migrations.RunPython(all_carried, migrations.RunPython.noop),
        migrations.DeleteModel(name="Evidence"),
    ]
