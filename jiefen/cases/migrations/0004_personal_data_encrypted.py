"""ID and phone numbers encrypted at rest, with keyed digests beside them, and a log of every full view.

The existing plain values are encrypted in place with raw SQL (the model's field would try to decrypt them).
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import jiefen.core.pii


def encrypt_existing(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, id_number, phone FROM cases_party")
        rows = cursor.fetchall()
        for pk, id_number, phone in rows:
            cursor.execute(
                "UPDATE cases_party SET id_number = %s, phone = %s, id_digest = %s, phone_digest = %s WHERE id = %s",
                [
                    jiefen.core.pii.encrypt(id_number) if id_number else "",
                    jiefen.core.pii.encrypt(phone) if phone else "",
                    jiefen.core.pii.digest(id_number or ""),
                    jiefen.core.pii.digest(phone or ""),
                    pk,
                ],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_agreements_per_signing_and_case_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="party",
            name="id_digest",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="party",
            name="phone_digest",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="party",
            name="id_number",
            field=jiefen.core.pii.EncryptedTextField(
                blank=True,
                help_text="Resident ID number for a person, unified social credit code for an organisation",
                validators=[django.core.validators.MaxLengthValidator(18)],
                verbose_name="ID number or credit code",
            ),
        ),
        migrations.AlterField(
            model_name="party",
            name="phone",
            field=jiefen.core.pii.EncryptedTextField(
                blank=True, validators=[django.core.validators.MaxLengthValidator(20)], verbose_name="phone"
            ),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
        migrations.CreateModel(
            name="PersonalDataView",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("viewer_name", models.CharField(max_length=150, verbose_name="viewed by")),
                ("viewer_organisation", models.CharField(max_length=128, verbose_name="organisation")),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="at")),
                ("channel", models.CharField(max_length=16, verbose_name="through")),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="personal_data_views",
                        to="cases.party",
                    ),
                ),
                (
                    "viewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "personal data view",
                "verbose_name_plural": "personal data views",
                "ordering": ["-at", "-id"],
            },
        ),
    ]
