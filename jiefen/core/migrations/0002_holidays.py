"""Load the shipped statutory holiday calendar, so that working-day deadlines are right from the first run."""

import csv
import datetime
from pathlib import Path

from django.db import migrations

HOLIDAYS = Path(__file__).resolve().parent.parent / "data" / "holidays.csv"


def load(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    with open(HOLIDAYS, encoding="utf-8", newline="") as handle:
        rows = [
            CalendarDay(date=datetime.date.fromisoformat(row["date"]), kind=row["kind"], name=row["name"])
            for row in csv.DictReader(handle)
        ]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
