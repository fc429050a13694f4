"""Every opening of a file that may show a person by staff is logged; the person who brought it is not."""

import pytest
from django.http import Http404

from jiefen.cases.assisted import consent_for, register_assisted
from jiefen.cases.models import FileView
from jiefen.screening import services
from jiefen.screening.tests.conftest import AMR, upload


def test_opening_a_consent_file_is_logged_with_who_and_where(network):
    assisted = register_assisted(
        consent={"consent_kind": "voice", "upload": upload("consent.amr", AMR)},
        actor=network.user("town_intake"), handling_org=network.orgs["320706001001"],
        place=network.regions["320706001001"], summary="邻里噪音纠纷", description="楼上住户夜间装修噪音持续一个月。",
        parties=[{"role": "applicant", "name": "张大爷"}, {"role": "respondent", "name": "李四"}],
    )
    token = assisted.assisted_filing.token

    consent_for(network.user("village_a"), token)
    with pytest.raises(Http404):
        consent_for(network.user("village_b"), token)

    view = FileView.objects.get()
    assert (view.kind, view.case, view.ref) == (FileView.Kind.CONSENT, assisted, token)
    assert (view.viewer_name, view.viewer_organisation) == ("王调解", "西门社区非诉讼服务站")


def test_a_field_photo_opened_by_station_staff_is_logged_but_not_by_its_reporter(network):
    lead = services.report_from_field(
        reporter=network.user("village_grid"), place=network.regions["320706001001"], location="3号楼东侧",
        summary="排水沟堵塞", description="3号楼东侧排水沟被堵，两户发生争吵。", photos=[upload()],
    )
    token = lead.photos.get().token

    services.photo_for(network.user("village_grid"), token)
    assert not FileView.objects.exists()
    services.photo_for(network.user("town_intake"), token)
    assert FileView.objects.get().kind == FileView.Kind.FIELD_PHOTO
