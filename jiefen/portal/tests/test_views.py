"""The portal's pages through the test client: login by code, the form keeping what was typed, access by code."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jiefen.cases.models import Case, FileView
from jiefen.mediation import materials
from jiefen.mediation.models import MaterialVersion
from jiefen.portal import services
from jiefen.portal.models import Rating, Submission
from jiefen.portal.tests.conftest import PHONE, PLACE, last_code
from jiefen.testing import make, resident_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form_data(**overrides):
    data = {
        "summary": "楼上漏水纠纷", "description": "楼上卫生间漏水，天花板霉变。", "claims": "修好漏水。", "amount": "",
        "township": "320706001000", "place": PLACE, "applicant_name": "张群众", "applicant_id_number": resident_id(),
        "applicant_address": "西门社区1号", "respondent_kind": "person", "respondent_name": "李邻居",
        "respondent_id_number": "", "respondent_phone": "", "respondent_address": "西门社区2号",
    }
    data.update(overrides)
    return data


def logged_in(phone=PHONE) -> Client:
    client = Client()
    client.post("/portal/login/", {"phone": phone, "action": "send"})
    response = client.post("/portal/login/", {"phone": phone, "code": last_code(phone), "action": "verify"})
    assert response.status_code == 302
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def file_url(version: MaterialVersion) -> str:
    """Where a party (or a visitor following the case by its tracking code) downloads a material's version."""
    return f"/portal/mediation/{version.material.case_id}/files/{version.token}/"


def test_the_public_pages_need_no_login_and_speak_chinese(db):
    client = Client()
    for url in ["/portal/", "/portal/login/", "/portal/track/"]:
        response = client.get(url)
        assert response.status_code == 200 and "解纷" in text(response)
    assert client.get("/portal/submit/")["Location"].startswith("/portal/login/?next=/portal/submit/")


def test_login_with_a_code_then_submit_and_see_the_tracking_code(network):
    client = logged_in()
    response = client.post("/portal/submit/", {**form_data(), "files": SimpleUploadedFile("收据.png", PNG)})
    submission = Submission.objects.get()
    assert response["Location"] == f"/portal/cases/{submission.tracking_code}/"
    page = text(client.get(response["Location"]))
    assert submission.tracking_code in page and "已收到并登记" in page and "收据.png" in page
    assert "{#" not in page  # a template comment left unparsed shows on the page
    assert submission.case.handling_org.name == "西门社区非诉讼服务站"


def test_a_wrong_code_at_login_says_so_in_chinese(db):
    client = Client()
    client.post("/portal/login/", {"phone": PHONE, "action": "send"})
    wrong = "000000" if last_code() != "000000" else "111111"
    response = client.post("/portal/login/", {"phone": PHONE, "code": wrong, "action": "verify"})
    assert response.status_code == 200 and "验证码不正确" in text(response)
    assert "_auth_user_id" not in client.session


def test_a_refused_file_keeps_the_rest_of_the_form(network):
    client = logged_in()
    response = client.post("/portal/submit/", {**form_data(), "files": SimpleUploadedFile("病毒.exe", b"MZ\x90")})
    page = text(response)
    assert response.status_code == 400
    assert "“病毒.exe”不是可接受的文件" in page and "楼上卫生间漏水，天花板霉变。" in page and 'value="李邻居"' in page
    assert not Case.objects.exists()


def test_a_bad_id_number_is_shown_next_to_its_field(network):
    client = logged_in()
    good = resident_id()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client.post("/portal/submit/", form_data(applicant_id_number=bad))
    page = text(response)
    assert response.status_code == 400 and not Case.objects.exists()
    assert re.search(r'id="id_applicant_id_number_error">[^<]*身份证', page)
    assert 'value="张群众"' in page


def test_tracking_code_and_phone_open_the_case_and_a_wrong_phone_shows_nothing(network):
    submission = services.submit(citizen=services.citizen_for(PHONE), phone=PHONE, files=[
        SimpleUploadedFile("a.png", PNG)], **_dispute(network))
    stranger = Client()
    url = f"/portal/cases/{submission.tracking_code}/"
    assert stranger.get(url).status_code == 404
    wrong = stranger.post("/portal/track/", {"code": submission.tracking_code, "phone": "13900000000"})
    unknown = stranger.post("/portal/track/", {"code": "ZZZZZZZZZZ", "phone": "13900000000"})
    assert wrong.status_code == unknown.status_code == 404
    # The same page either way (values aside: the typed code, the CSRF token): no hint which one was wrong.
    assert re.sub(r'value="[^"]*"', "", text(wrong)) == re.sub(r'value="[^"]*"', "", text(unknown))
    assert stranger.get(url).status_code == 404
    download = file_url(MaterialVersion.objects.get())
    assert stranger.get(download)["Location"].startswith("/portal/login/")
    holder = Client()
    assert holder.post("/portal/track/", {"code": submission.tracking_code, "phone": PHONE})["Location"] == url
    page = text(holder.get(url))
    assert "已收到并登记" in page and f'href="{download}"' in page
    assert holder.get(download).status_code == 200


def test_a_visitor_following_the_case_opens_the_applicants_side_files_only(network):
    submission = services.submit(citizen=services.citizen_for(PHONE), phone=PHONE, **_dispute(network))
    case = submission.case
    theirs = materials.add_by_party(case, services.citizen_for("13900000001"), {"respondent"},
                                    SimpleUploadedFile("对方.png", PNG), title="对方的证据")
    staff_only = materials.add_by_staff(case, network.user("village_a"), SimpleUploadedFile("内部.png", PNG),
                                        title="内部材料", visibility="staff")
    shared = materials.add_by_staff(case, network.user("village_a"), SimpleUploadedFile("共享.png", PNG),
                                    title="现场照片", visibility="shared")
    holder = Client()
    holder.post("/portal/track/", {"code": submission.tracking_code, "phone": PHONE})
    page = text(holder.get(f"/portal/cases/{submission.tracking_code}/"))
    assert "现场照片" in page and "对方的证据" not in page and "内部材料" not in page
    assert holder.get(file_url(shared)).status_code == 200
    assert holder.get(file_url(theirs)).status_code == 404
    assert holder.get(file_url(staff_only)).status_code == 404


def _dispute(network):
    return {
        "place": network.regions[PLACE], "summary": "漏水", "description": "楼上漏水。", "claims": "", "amount": None,
        "parties": [
            {"role": "applicant", "kind": "person", "name": "张群众", "id_number": "", "phone": PHONE, "address": ""},
            {"role": "respondent", "kind": "person", "name": "李邻居", "id_number": "", "phone": "", "address": ""},
        ],
    }


def test_another_citizen_cannot_read_the_case_or_its_evidence(network):
    owner = logged_in()
    owner.post("/portal/submit/", {**form_data(), "files": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
    submission = Submission.objects.get()
    download = file_url(MaterialVersion.objects.get())
    response = owner.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert "attachment" in response["Content-Disposition"]
    other = logged_in("13851230002")
    assert other.get(f"/portal/cases/{submission.tracking_code}/").status_code == 404
    assert other.get(download).status_code == 404
    assert other.post(f"/portal/cases/{submission.tracking_code}/upload/", {
        "files": SimpleUploadedFile("b.png", PNG)}).status_code == 404


def test_staff_in_jurisdiction_download_evidence_logged_and_staff_outside_get_404(network, login):
    submission = services.submit(citizen=services.citizen_for(PHONE), phone=PHONE,
                                 files=[SimpleUploadedFile("a.png", PNG)], **_dispute(network))
    version = MaterialVersion.objects.get()
    url = f"/cases/{submission.case.pk}/materials/{version.token}/"
    assert login("village_a").get(url).status_code == 200
    assert login("county_coordinator").get(url).status_code == 200
    assert login("village_b").get(url).status_code == 404
    assert login("other_county_coordinator").get(url).status_code == 404
    # The staff's openings are logged; the citizen's own is not.
    assert Client().get(file_url(version)).status_code == 302
    views = FileView.objects.order_by("at", "id")
    assert [(view.kind, view.viewer_name, view.ref) for view in views] == [
        ("material", "王调解", version.token), ("material", "孙督办", version.token)]


def test_more_material_is_added_and_a_refused_file_says_why(network):
    client = logged_in()
    client.post("/portal/submit/", form_data())
    code = Submission.objects.get().tracking_code
    refused = client.post(f"/portal/cases/{code}/upload/", {"files": SimpleUploadedFile("x.txt", b"hello")})
    assert refused.status_code == 400 and "“x.txt”不是可接受的文件" in text(refused)
    added = client.post(f"/portal/cases/{code}/upload/", {"files": SimpleUploadedFile("照片.png", PNG)})
    assert added.status_code == 302 and MaterialVersion.objects.get().original_name == "照片.png"
    page = text(client.get(added["Location"]))
    assert "照片.png" in page and "仅您一方和调解员可见" in page


def test_rating_on_the_page_only_when_closed_and_once(network):
    client = logged_in()
    client.post("/portal/submit/", form_data())
    submission = Submission.objects.get()
    url = f"/portal/cases/{submission.tracking_code}/"
    assert "评价我们的服务" not in text(client.get(url))
    assert client.post(f"{url}rate/", {"stars": "5"}).status_code == 400
    case = submission.case
    for move in ["triage", "consent", "assign", "record_session", "agree", "close"]:
        case = make(network, Case.objects.get(pk=case.pk), move)
    assert "评价我们的服务" in text(client.get(url))
    assert client.post(f"{url}rate/", {"stars": "5", "comment": "很满意"}).status_code == 302
    assert client.post(f"{url}rate/", {"stars": "1"}).status_code == 400
    assert list(Rating.objects.values_list("stars", flat=True)) == [5]
    assert "很满意" in text(client.get(url))


def test_the_large_text_mode_is_one_tap_and_stays(db):
    client = Client()
    response = client.post("/portal/elder/", {"next": "/portal/track/"})
    assert response["Location"] == "/portal/track/" and response.cookies["jiefen_elder"].value == "1"
    assert 'class="portal elder"' in text(client.get("/portal/track/"))
    client.post("/portal/elder/", {"next": "https://evil.example/"})
    assert 'class="portal"' in text(client.get("/portal/"))


def test_unknown_codes_are_404(db):
    assert Client().get("/portal/cases/NOSUCHCODE/").status_code == 404


def test_the_workbench_case_page_lists_the_citizens_evidence_among_the_materials(network, login):
    submission = services.submit(citizen=services.citizen_for(PHONE), phone=PHONE,
                                 files=[SimpleUploadedFile("现场照片.png", PNG)], **_dispute(network))
    case = submission.case
    page = text(login("village_a").get(f"/cases/{case.pk}/"))
    materials_panel = page[page.index('id="materials"'):]
    version = MaterialVersion.objects.get()
    assert f'href="/cases/{case.pk}/materials/{version.token}/"' in materials_panel
    assert "现场照片.png" in materials_panel and "张群众（申请人一方）" in materials_panel
    assert "/portal/evidence/" not in page and 'id="portal-evidence"' not in page  # one list, not two


def test_the_place_is_a_township_then_one_of_its_villages_or_the_township_itself(network):
    options = text(Client().get("/portal/submit/villages/?township=320706001000"))
    assert "西门社区" in options and "东门社区" in options and "洪门社区" not in options
    client = logged_in()
    response = client.post("/portal/submit/", form_data(township="320706002000", place=""))
    assert response.status_code == 302
    assert Submission.objects.get().case.handling_org.name == "洪门街道非诉讼服务中心"


def test_a_village_outside_the_chosen_township_is_refused(network):
    response = logged_in().post("/portal/submit/", form_data(township="320706002000", place=PLACE))
    assert response.status_code == 400 and not Case.objects.exists()


def test_the_same_form_sent_twice_registers_one_dispute_and_answers_with_it(network):
    client = logged_in()
    key = re.search(r'name="submission_key" value="([^"]+)"', text(client.get("/portal/submit/"))).group(1)
    first = client.post("/portal/submit/", {**form_data(), "submission_key": key})
    again = client.post("/portal/submit/", {**form_data(), "submission_key": key})
    submission = Submission.objects.get()
    assert first["Location"] == again["Location"] == f"/portal/cases/{submission.tracking_code}/"
    assert Case.objects.count() == 1
    other = client.post("/portal/submit/", {**form_data(summary="另一件事"), "submission_key": key})
    page = text(other)
    assert other.status_code == 400 and "这张表已经提交过" in page and 'value="另一件事"' in page
    assert Case.objects.count() == 1
    fresh = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    assert fresh != key
    assert client.post("/portal/submit/", {**form_data(summary="另一件事"), "submission_key": fresh}).status_code == 302
    assert Case.objects.count() == 2
