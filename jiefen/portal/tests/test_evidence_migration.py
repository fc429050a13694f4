"""The portal's evidence rows become the case's materials (migrations portal 0005 and 0006): every file, where it
lies, with who uploaded it and when; undone, the rows come back; a row not carried keeps the old table."""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jiefen.mediation import materials
from jiefen.mediation.models import Material, MaterialVersion
from jiefen.portal.services import citizen_for
from jiefen.testing import register

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("portal", "0004_status_messages")]
CARRIED = [("portal", "0005_evidence_into_materials")]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
UPLOADED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def migrate(targets):
    """Migrate to ``targets``; returns the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def at_the_end():
    """Whatever happens in the test, the database is back at the latest migrations for the tests after it."""
    yield
    migrate(latest())


def old_evidence(apps, case, citizen, token, name, *, content=PNG):
    """A row of the portal's old table, its file stored where the portal put it (``content=None``: no file)."""
    path = f"portal/evidence/{case.pk}/{token}"
    if content is not None:
        path = default_storage.save(path, ContentFile(content))
    Evidence = apps.get_model("portal", "Evidence")
    row = Evidence.objects.create(case_id=case.pk, token=token, file=path, original_name=name,
                                  content_type="image/png", size=len(PNG), uploaded_by_id=citizen.pk)
    Evidence.objects.filter(pk=row.pk).update(uploaded_at=UPLOADED_AT)
    return row


def test_each_file_becomes_the_applicants_material_where_it_lies_and_comes_back_when_undone(network, at_the_end):
    case = register(network)  # the applicant 张三 has the phone 13812345678
    citizen = citizen_for("13812345678")
    apps = migrate(BEFORE)
    old_evidence(apps, case, citizen, "a" * 32, "收据.png")
    old_evidence(apps, case, citizen, "b" * 32, "丢失.png", content=None)

    migrate(latest())

    material = Material.objects.get(case=case, title="收据.png")
    version = material.versions.get()
    assert (material.kind, material.visibility, material.created_by, material.created_at) == (
        "evidence", "applicant", citizen, UPLOADED_AT)
    assert (version.number, version.token, version.file.name, version.content_type, version.size) == (
        1, "a" * 32, f"portal/evidence/{case.pk}/{'a' * 32}", "image/png", len(PNG))
    assert (version.added_by, version.added_by_name, version.added_as, version.added_at) == (
        citizen, "张三", "申请人一方", UPLOADED_AT)
    assert version.sha256 == hashlib.sha256(PNG).hexdigest() and version.file.read() == PNG
    assert MaterialVersion.objects.get(token="b" * 32).sha256 == ""  # carried even without its file here
    # The materials' rules apply to it now: the applicant's side and staff see it, the other side does not.
    assert {m.title for m in materials.materials_for_sides(case, {"applicant"})} == {"收据.png", "丢失.png"}
    assert materials.materials_for_sides(case, {"respondent"}) == []
    assert materials.open_for_staff(network.user("village_a"), case.pk, "a" * 32) == version

    apps = migrate(BEFORE)
    Evidence = apps.get_model("portal", "Evidence")
    assert sorted(Evidence.objects.values_list("token", "original_name", "uploaded_at", "uploaded_by_id")) == [
        ("a" * 32, "收据.png", UPLOADED_AT, citizen.pk), ("b" * 32, "丢失.png", UPLOADED_AT, citizen.pk)]
    assert Material.objects.filter(case=case).count() == 2  # the materials stay

    migrate(latest())
    assert Material.objects.filter(case=case).count() == 2  # carried once, however often it runs


def test_a_row_not_carried_keeps_the_old_table(network, at_the_end):
    case = register(network)
    citizen = citizen_for("13812345678")
    apps = migrate(CARRIED)
    old_evidence(apps, case, citizen, "c" * 32, "迟到.png")  # written after the copy, as by an old process

    with pytest.raises(RuntimeError, match="1 portal evidence rows"):
        migrate(latest())

    Evidence = migrate(CARRIED).get_model("portal", "Evidence")
    assert Evidence.objects.filter(token="c" * 32).exists()
    migrate(BEFORE)
    migrate(latest())
    assert MaterialVersion.objects.get(token="c" * 32).added_at == UPLOADED_AT
    assert Material.objects.get(case=case).created_at == UPLOADED_AT
