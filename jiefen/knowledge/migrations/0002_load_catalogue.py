"""The service catalogue as shipped: knowledge/data/service_catalogue.json, each item drawn from the laws it cites."""

from django.db import migrations

from jiefen.knowledge.catalogue import load_catalogue


def load(apps, schema_editor):
    load_catalogue(apps.get_model("knowledge", "ServiceItem"))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
