"""Evidence and materials: content-checked, versioned, who added what and when, every staff opening logged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from jiefen.cases.models import FileView
from jiefen.mediation import materials
from jiefen.mediation.models import Material, Side
from jiefen.mediation.tests.conftest import PDF, PNG
from jiefen.portal.services import citizen_for

pytestmark = pytest.mark.django_db


def test_a_new_version_keeps_the_old_and_says_who_added_it(network, assigned):
    first = materials.add_by_staff(assigned, network.user("village_a"), SimpleUploadedFile("借条.pdf", PDF),
                                   title="借条", kind="evidence", visibility="shared")
    second = materials.add_by_staff(assigned, network.user("town_intake"), SimpleUploadedFile("借条2.png", PNG),
                                    material_pk=first.material_id, note="更清晰的照片")
    material = Material.objects.get()
    assert [v.number for v in material.versions.all()] == [1, 2]
    assert second.content_type == "image/png" and second.note == "更清晰的照片"
    assert first.added_by_name == "王调解" and first.added_as == "西门社区非诉讼服务站"
    assert second.added_as == "朐阳街道非诉讼服务中心" and len(second.sha256) == 64
    assert first.file.read() == PDF  # the first version's file is still there


def test_files_are_judged_by_content_and_posts_that_only_read_cannot_add(network, assigned):
    with pytest.raises(ValidationError):
        materials.add_by_staff(assigned, network.user("village_a"), SimpleUploadedFile("fake.pdf", b"MZ\x90\x00"),
                               title="x")
    with pytest.raises(ValidationError):
        materials.add_by_staff(assigned, network.user("village_a"),
                               SimpleUploadedFile("a.zip", b"PK\x03\x04" + b"\x00" * 20), title="x")
    with pytest.raises(PermissionDenied):
        materials.add_by_staff(assigned, network.user("city_leader"), SimpleUploadedFile("a.pdf", PDF), title="x")


def test_a_party_versions_only_their_own_material(network, assigned):
    applicant, respondent = citizen_for("13812345678"), citizen_for("13912345678")
    mine = materials.add_by_party(assigned, applicant, {"applicant"}, SimpleUploadedFile("a.pdf", PDF),
                                  title="聊天记录")
    assert mine.material.visibility == "applicant" and mine.added_as == str(Side.APPLICANT.label)
    with pytest.raises(ValidationError):
        materials.add_by_party(assigned, respondent, {"respondent"}, SimpleUploadedFile("b.pdf", PDF),
                               material_pk=mine.material_id)
    materials.add_by_party(assigned, respondent, {"respondent"}, SimpleUploadedFile("b.pdf", PDF),
                           title="转账记录", shared=True)
    assert {m.title for m in materials.materials_for_sides(assigned, {"applicant"})} == {"聊天记录", "转账记录"}


def test_a_partys_side_is_stored_in_chinese_whatever_language_the_page_spoke(network, assigned):
    applicant = citizen_for("13812345678")
    with translation.override("en"):
        version = materials.add_by_party(assigned, applicant, {"applicant"}, SimpleUploadedFile("a.pdf", PDF),
                                         title="聊天记录")
    assert version.added_as == "申请人一方"


def test_every_staff_opening_is_logged_and_other_jurisdictions_get_404(network, assigned, login):
    version = materials.add_by_staff(assigned, network.user("village_a"), SimpleUploadedFile("借条.pdf", PDF),
                                     title="借条", visibility="staff")
    response = login("town_coordinator").get(f"/cases/{assigned.pk}/materials/{version.token}/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    view = FileView.objects.get(kind=FileView.Kind.MATERIAL)
    assert view.ref == version.token and view.viewer_name == "吴协调" and view.case == assigned
    assert login("village_b").get(f"/cases/{assigned.pk}/materials/{version.token}/").status_code == 404


def test_the_case_page_adds_materials_and_new_versions(network, assigned, login):
    client = login("village_a")
    response = client.post(f"/cases/{assigned.pk}/materials/", {
        "material-file": SimpleUploadedFile("合同.pdf", PDF), "material-title": "租赁合同",
        "material-kind": "evidence", "material-visibility": "shared",
    }, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "租赁合同" in response.content.decode()
    material = Material.objects.get()
    client.post(f"/cases/{assigned.pk}/materials/", {
        "material-file": SimpleUploadedFile("合同v2.pdf", PDF), "material-material": material.pk,
        "material-kind": "evidence", "material-visibility": "shared", "material-note": "补签页",
    })
    assert material.versions.count() == 2
    bad = client.post(f"/cases/{assigned.pk}/materials/", {
        "material-file": SimpleUploadedFile("x.pdf", b"nope"), "material-title": "x",
        "material-kind": "evidence", "material-visibility": "shared",
    }, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422
    page = client.get(f"/cases/{assigned.pk}/").content.decode()
    assert "合同v2.pdf" in page and "补签页" in page
