"""The grid worker's mobile screens, the station's leads, and assisted filing at the window."""

from django.urls import reverse

from jiefen.cases.models import AssistedFiling, Case
from jiefen.screening import services
from jiefen.screening.models import FieldReport
from jiefen.screening.tests.conftest import JPEG, PDF, PNG, upload
from jiefen.testing import resident_id


def field_post(network, **overrides):
    data = {
        "reporter_kind": "grid", "place": network.regions["320706001001"].pk, "location": "3号楼东侧",
        "summary": "排水沟纠纷", "description": "两户因排水沟堵塞争吵。", "urgency": "normal",
        "applicant-kind": "person", "respondent-kind": "person", "assisted-consent_kind": "photo",
    }
    data.update(overrides)
    return data


def test_a_grid_worker_lands_on_their_reports_and_has_no_queue(network, login):
    client = login("village_grid")
    response = client.get(reverse("workbench:queue"))
    assert response.status_code == 302 and response.url == reverse("screening:mine")
    page = client.get(reverse("screening:mine")).content.decode()
    assert "我的上报" in page and reverse("screening:new") in page


def test_the_field_form_is_for_phones(network, login):
    page = login("village_grid").get(reverse("screening:new")).content.decode()
    assert 'accept="image/*" capture="environment" multiple' in page
    assert 'id="use-location"' in page and "代为申请" in page


def test_a_report_with_a_photo_lands_as_a_lead(network, login):
    client = login("village_grid")
    response = client.post(reverse("screening:new"), {**field_post(network), "photos": [upload()]})
    assert response.status_code == 302
    lead = FieldReport.objects.get()
    assert lead.status == "open" and lead.photos.count() == 1
    assert "线索" in client.get(reverse("screening:mine")).content.decode()


def test_a_refused_photo_keeps_what_was_typed_and_says_why(network, login):
    response = login("village_grid").post(
        reverse("screening:new"), {**field_post(network), "photos": [upload("a.pdf", PDF)]}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "不是照片" in page and "排水沟纠纷" in page and "两户因排水沟堵塞争吵。" in page
    assert not FieldReport.objects.exists()


def test_a_report_with_both_sides_becomes_a_case(network, login):
    data = field_post(network, **{"applicant-name": "张三", "respondent-name": "李四"})
    response = login("village_grid").post(reverse("screening:new"), data)
    assert response.status_code == 302
    assert FieldReport.objects.get().case.channel == "grid"


def test_staff_see_the_lead_with_its_count_and_photos(network, login):
    lead = services.report_from_field(
        reporter=network.user("village_grid"), place=network.regions["320706001001"], summary="排水沟纠纷",
        description="两户争吵。", photos=[upload()],
    )
    client = login("town_intake")
    page = client.get(reverse("screening:leads")).content.decode()
    assert lead.number in page and 'id="open-lead-count">1<' in page
    detail = client.get(reverse("screening:lead", args=[lead.pk])).content.decode()
    photo_url = reverse("screening:photo", args=[lead.photos.get().token])
    assert photo_url in detail and "钱网格" in detail
    photo = client.get(photo_url)
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == JPEG
    assert login("village_b").get(photo_url).status_code == 404
    assert login("village_b").get(reverse("screening:lead", args=[lead.pk])).status_code == 404


def test_a_lead_is_registered_through_the_window_form_prefilled(network, login):
    lead = services.report_from_field(
        reporter=network.user("village_grid"), place=network.regions["320706001001"], summary="排水沟纠纷",
        description="两户争吵。", photos=[upload()],
    )
    client = login("town_intake")
    url = reverse("screening:lead_register", args=[lead.pk])
    form = client.get(url).content.decode()
    assert 'value="排水沟纠纷"' in form and "两户争吵。" in form
    response = client.post(url, {
        "summary": "排水沟纠纷", "description": "两户争吵。", "place": lead.place_id, "handling_org": lead.station_id,
        "applicant-kind": "person", "applicant-name": "张三", "respondent-kind": "person", "respondent-name": "李四",
        "further_parties": "0",
    })
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("workbench:case", args=[case.pk])
    page = client.get(response.url).content.decode()
    assert 'id="field-report"' in page and reverse("screening:photo", args=[lead.photos.get().token]) in page


def test_closing_a_lead_in_the_workbench(network, login):
    lead = services.report_from_field(
        reporter=network.user("village_grid"), place=network.regions["320706001001"], summary="排水沟纠纷",
        description="两户争吵。",
    )
    client = login("village_a")
    url = reverse("screening:lead_close", args=[lead.pk])
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "已当场调解，无纠纷。"}).status_code == 302
    lead.refresh_from_db()
    assert lead.status == "closed"


def window_post(network, **overrides):
    data = {
        "summary": "邻里纠纷", "description": "噪音。", "place": network.regions["320706001001"].pk,
        "handling_org": network.orgs["320706001"].pk, "applicant-kind": "person", "applicant-name": "张三",
        "applicant-id_number": resident_id(), "respondent-kind": "person", "respondent-name": "李四",
        "further_parties": "0", "assisted-assisted": "on", "assisted-consent_kind": "photo",
    }
    data.update(overrides)
    return data


def test_assisted_filing_at_the_window_requires_the_consent_file(network, login):
    client = login("town_intake")
    response = client.post(reverse("workbench:register"), window_post(network))
    page = response.content.decode()
    assert response.status_code == 422 and "请重新选择" in page and "邻里纠纷" in page
    assert not Case.objects.exists()

    response = client.post(
        reverse("workbench:register"), {**window_post(network), "assisted-consent_file": upload("c.pdf", PDF)}
    )
    assert response.status_code == 422 and not Case.objects.exists() and not AssistedFiling.objects.exists()


def test_assisted_filing_at_the_window_stores_the_consent_with_the_case(network, login):
    client = login("town_intake")
    response = client.post(
        reverse("workbench:register"), {**window_post(network), "assisted-consent_file": upload("c.png", PNG)}
    )
    filing = AssistedFiling.objects.get()
    assert response.status_code == 302 and filing.content_type == "image/png"
    page = client.get(response.url).content.decode()
    consent_url = reverse("workbench:consent", args=[filing.token])
    assert "代为申请" in page and "陈引导" in page and consent_url in page
    assert client.get(consent_url).status_code == 200
    assert login("village_b").get(consent_url).status_code == 404


def test_a_window_form_with_invalid_parties_stores_no_consent(network, login):
    response = login("town_intake").post(reverse("workbench:register"), {
        **window_post(network, **{"applicant-id_number": "123"}), "assisted-consent_file": upload("c.png", PNG),
    })
    assert response.status_code == 422 and not AssistedFiling.objects.exists()
