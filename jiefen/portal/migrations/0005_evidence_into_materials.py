"""The evidence citizens uploaded on the portal becomes the case's materials (``jiefen.mediation``): each file one
material of the applicant's side (seen by that side and staff, as a party's own upload is), whose first version is
that file, where it lies, under the same token, name, type and size, added by the same citizen at the same time.

Run again, it skips what it carried already; undone, it writes the evidence rows back from those versions (the
materials stay: nothing is deleted).
"""

import hashlib

from django.db import migrations

# What ``mediation.materials.add_by_party`` records as the applicant's side, in the platform's language.
APPLICANT_SIDE = "申请人一方"


def _sha256(field_file) -> str:
    """The file's digest, or "" when it is missing here (a copy of the database without its files)."""
    sha = hashlib.sha256()
    try:
        with field_file.storage.open(field_file.name, "rb") as stored:
            for chunk in iter(lambda: stored.read(1 << 16), b""):
                sha.update(chunk)
    except OSError:
        return ""
    return sha.hexdigest()


def _name(apps, evidence) -> str:
    """The applicant's name the case has for the citizen's phone, as ``add_by_party`` records it."""
    account = apps.get_model("portal", "CitizenAccount").objects.filter(user_id=evidence.uploaded_by_id).first()
    party = apps.get_model("cases", "Party").objects.filter(
        case_id=evidence.case_id, role="applicant", phone_digest=account.phone_digest
    ).first() if account else None
    user = evidence.uploaded_by
    return (party.name if party else f"{user.first_name} {user.last_name}".strip() or user.username)[:150]


def carry(apps, schema_editor):
    Evidence = apps.get_model("portal", "Evidence")
    Material = apps.get_model("mediation", "Material")
    MaterialVersion = apps.get_model("mediation", "MaterialVersion")
    carried = set(
        MaterialVersion.objects.filter(token__in=Evidence.objects.values("token")).values_list("token", flat=True)
    )
    for evidence in Evidence.objects.select_related("uploaded_by").order_by("uploaded_at", "id"):
        if evidence.token in carried:
            continue
        material = Material.objects.create(
            case_id=evidence.case_id, title=evidence.original_name[:120], kind="evidence", visibility="applicant",
            created_by_id=evidence.uploaded_by_id,
        )
        version = MaterialVersion.objects.create(
            material=material, number=1, token=evidence.token, file=evidence.file.name,
            original_name=evidence.original_name, content_type=evidence.content_type, size=evidence.size,
            sha256=_sha256(evidence.file), added_by_id=evidence.uploaded_by_id,
            added_by_name=_name(apps, evidence), added_as=APPLICANT_SIDE,
        )
        # The times of the upload, not of this migration (both fields are set on creation).
        Material.objects.filter(pk=material.pk).update(created_at=evidence.uploaded_at)
        MaterialVersion.objects.filter(pk=version.pk).update(added_at=evidence.uploaded_at)


def write_back(apps, schema_editor):
    Evidence = apps.get_model("portal", "Evidence")
    MaterialVersion = apps.get_model("mediation", "MaterialVersion")
    present = set(Evidence.objects.values_list("token", flat=True))
    for version in MaterialVersion.objects.select_related("material").filter(file__startswith="portal/evidence/"):
        if version.token not in present:
            evidence = Evidence.objects.create(
                case_id=version.material.case_id, token=version.token, file=version.file.name,
                original_name=version.original_name, content_type=version.content_type, size=version.size,
                uploaded_by_id=version.added_by_id,
            )
            Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=version.added_at)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0009_material_file_views"),
        ("mediation", "0001_initial"),
        ("portal", "0004_status_messages"),
    ]

    operations = [migrations.RunPython(carry, write_back)]
