"""Field reports: a case at once with both sides, else a lead for the station serving the place."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jiefen.cases.models import AssistedFiling, Case, CaseEvent
from jiefen.cases.services import access_case, reveal_personal_data
from jiefen.core.taxonomy import Channel
from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import serve_document
from jiefen.orgs.models import Post, Staff
from jiefen.screening import services
from jiefen.screening.models import FieldPhoto, FieldReport, FieldReportEvent
from jiefen.screening.tests.conftest import AMR, PDF, PNG, upload
from jiefen.testing import register, resident_id

User = get_user_model()

PARTIES = [
    {"role": "applicant", "kind": "person", "name": "张三", "id_number": resident_id(), "phone": "13812345678",
     "address": "西门社区1号"},
    {"role": "respondent", "kind": "person", "name": "李四", "id_number": "", "phone": "", "address": ""},
]


def report(network, **overrides):
    values = dict(
        reporter=network.user("village_grid"), place=network.regions["320706001001"], location="3号楼东侧",
        summary="两户因排水沟堵塞争吵", description="3号楼东侧排水沟被堵，两户发生争吵。", urgency="urgent",
        latitude="34.600001", longitude="119.160002", photos=[upload()],
    )
    values.update(overrides)
    return services.report_from_field(**values)


def test_a_report_naming_both_sides_is_a_case_at_the_village_station_with_the_grid_channel(network):
    lead = report(network, parties=PARTIES)

    case = lead.case
    assert lead.status == FieldReport.Status.CASE
    assert case.handling_org == network.orgs["320706001001"] == lead.station
    assert case.channel == Channel.GRID and case.place == network.regions["320706001001"]
    assert case.parties.count() == 2
    assert [photo.content_type for photo in FieldPhoto.objects.filter(report__case=case)] == ["image/jpeg"]
    assert CaseEvent.objects.filter(case=case, move="register").exists()


def test_an_informant_s_report_comes_in_on_the_informant_channel(network):
    assert report(network, parties=PARTIES, reporter_kind="informant").case.channel == Channel.INFORMANT


def test_a_report_without_parties_is_a_lead_for_the_station_and_the_township_not_another_village(network):
    lead = report(network)

    assert lead.case is None and lead.status == FieldReport.Status.OPEN
    assert lead.station == network.orgs["320706001001"]
    assert not Case.objects.exists()
    assert list(services.open_leads(network.user("village_a"))) == [lead]
    assert list(services.open_leads(network.user("town_intake"))) == [lead]
    assert list(services.open_leads(network.user("town_coordinator"))) == [lead]
    assert list(services.open_leads(network.user("village_b"))) == []
    assert list(services.open_leads(network.user("town_assessor"))) == []  # a post that does not check leads
    with pytest.raises(Http404):
        services.access_report(network.user("village_b"), lead.pk)
    assert [(e.from_status, e.to_status) for e in lead.events.all()] == [("", "open")]


def test_a_lead_turned_into_a_case_keeps_its_photos_and_its_history(network):
    lead = report(network, photos=[upload(), upload("b.png", PNG, "image/png")])

    case = services.turn_lead_into_case(lead, network.user("town_intake"), parties=PARTIES)

    lead.refresh_from_db()
    assert lead.status == FieldReport.Status.CASE and lead.case == case
    assert case.summary == lead.summary and case.handling_org == lead.station and case.channel == Channel.GRID
    assert case.field_report.photos.count() == 2
    assert [(e.from_status, e.to_status) for e in lead.events.all()] == [("", "open"), ("open", "case")]
    assert list(services.open_leads(network.user("town_intake"))) == []
    with pytest.raises(ValidationError):  # once only
        services.turn_lead_into_case(lead, network.user("town_intake"), parties=PARTIES)
    assert Case.objects.count() == 1


def test_a_lead_turned_into_a_case_with_invalid_parties_stays_open(network):
    lead = report(network)
    with pytest.raises(ValidationError) as error:
        services.turn_lead_into_case(lead, network.user("town_intake"), parties=PARTIES[:1])
    assert "parties" in error.value.message_dict
    lead.refresh_from_db()
    assert lead.status == FieldReport.Status.OPEN and not Case.objects.exists()


def test_closing_a_lead_needs_a_reason_and_is_recorded(network):
    lead = report(network)
    with pytest.raises(ValidationError) as error:
        services.close_lead(lead, network.user("village_a"), "  ")
    assert "reason" in error.value.message_dict

    services.close_lead(lead, network.user("village_a"), "经核实系误会，已当场说开。")

    lead.refresh_from_db()
    assert lead.status == FieldReport.Status.CLOSED
    closing = FieldReportEvent.objects.get(report=lead, to_status="closed")
    assert closing.reason == "经核实系误会，已当场说开。" and closing.actor == network.user("village_a")
    with pytest.raises(Http404):
        services.close_lead(lead, network.user("village_b"), "不是我的")
    with pytest.raises(PermissionDenied):
        services.close_lead(lead, network.user("village_grid"), "网格员不能关闭")


def test_a_file_that_is_not_a_photo_is_refused_with_a_message_and_nothing_is_stored(network):
    with pytest.raises(ValidationError) as error:
        report(network, photos=[upload(), upload("合同.pdf", PDF, "image/jpeg")], summary="")
    messages = error.value.message_dict
    assert messages["photos"] == ["“合同.pdf”不是照片。请拍摄或选择照片（JPG、PNG、HEIC 或 WebP）。"]
    assert "summary" in messages  # every mistake at once
    assert not FieldReport.objects.exists() and not FieldPhoto.objects.exists()


def test_a_photo_too_large_is_refused(network, settings):
    big = upload("big.jpg", b"\xff\xd8\xff" + b"\x00" * (services.MAX_PHOTO_SIZE + 1))
    with pytest.raises(ValidationError) as error:
        report(network, photos=[big])
    assert "big.jpg" in error.value.message_dict["photos"][0]
    assert not FieldReport.objects.exists()


def test_a_grid_worker_reports_only_from_their_own_village(network):
    with pytest.raises(ValidationError) as error:
        report(network, place=network.regions["320706001002"])
    assert "place" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        report(network, reporter=network.user("village_a"))


def test_coordinates_out_of_range_are_refused(network):
    with pytest.raises(ValidationError) as error:
        report(network, latitude="123.5")
    assert "latitude" in error.value.message_dict


def test_a_grid_worker_registers_only_from_the_field_and_only_in_their_own_area(network):
    with pytest.raises(PermissionDenied):
        register(network, org_code="320706001002", actor="village_grid", place=network.regions["320706001002"],
                 channel=Channel.GRID)
    with pytest.raises(PermissionDenied, match="走访排查"):
        register(network, org_code="320706001001", actor="village_grid", channel=Channel.WINDOW)
    case = register(network, org_code="320706001001", actor="village_grid", channel=Channel.GRID)
    assert case.handling_org.code == "320706001001"


def test_a_township_grid_worker_registers_at_the_village_station_serving_the_place(network):
    user = User.objects.create(username="town_grid", first_name="孙网格")
    Staff.objects.create(user=user, organisation=network.orgs["320706001"], post=Post.GRID)

    lead = report(network, reporter=user, place=network.regions["320706001002"], parties=PARTIES)

    assert lead.case.handling_org.code == "320706001002" and lead.case.channel == Channel.GRID


def test_a_grid_worker_sees_no_case_party_or_file_of_the_station(network):
    case = register(network)
    party = case.parties.first()
    grid = network.user("village_grid")

    assert not Case.objects.visible_to(grid).exists()
    with pytest.raises(Http404):
        access_case(grid, case.pk)
    with pytest.raises(Http404):
        reveal_personal_data(grid, party.pk, channel="workbench")
    with pytest.raises(PermissionDenied):
        serve_document(case, ServiceRecord.Document.NOTICE, party, ServiceRecord.Method.WINDOW, grid)


def test_an_assisted_report_stores_the_consent_with_the_case(network):
    lead = report(network, parties=PARTIES, consent={"consent_kind": "voice", "upload": upload("v.amr", AMR)})

    filing = AssistedFiling.objects.get(case=lead.case)
    assert filing.content_type == "audio/amr" and filing.assisted_by == network.user("village_grid")


def test_an_assisted_report_with_a_consent_of_the_wrong_type_stores_nothing(network):
    with pytest.raises(ValidationError) as error:
        report(network, parties=PARTIES, consent={"consent_kind": "voice", "upload": upload()})
    assert "consent_file" in error.value.message_dict
    assert not Case.objects.exists() and not FieldReport.objects.exists()
