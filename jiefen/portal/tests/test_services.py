"""The portal's rules: submission, evidence (the case's materials) and its limits, one-time codes, access to
progress, ratings."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone, translation

from jiefen.cases.models import Case, Party, State
from jiefen.cases.services import reveal_personal_data
from jiefen.mediation import materials
from jiefen.mediation.models import Material, MaterialVersion, Side
from jiefen.portal import codes, services
from jiefen.portal.models import CitizenAccount, LoginCode, Rating, Submission
from jiefen.portal.tests.conftest import PHONE, PLACE, last_code
from jiefen.testing import make, resident_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%fake but well-headed\n"


def png(name="photo.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def dispute(network, **overrides):
    values = {
        "place": network.regions[PLACE], "summary": "楼上漏水纠纷", "description": "楼上卫生间漏水，天花板霉变。",
        "claims": "修好漏水，赔偿损失。", "amount": None,
        "parties": [
            {"role": "applicant", "kind": "person", "name": "张群众", "id_number": resident_id(), "phone": PHONE,
             "address": "西门社区1号"},
            {"role": "respondent", "kind": "person", "name": "李邻居", "id_number": "", "phone": "", "address": ""},
        ],
    }
    values.update(overrides)
    return values


@pytest.fixture
def citizen(network):
    return services.citizen_for(PHONE)


def submit(network, citizen, files=(), **overrides):
    return services.submit(citizen=citizen, phone=PHONE, files=list(files), **dispute(network, **overrides))


def test_a_submission_registers_the_case_at_the_station_of_the_place(network, citizen):
    submission = submit(network, citizen, files=[png()])
    case = submission.case
    assert case.channel == "portal" and case.state == State.REGISTERED
    assert case.handling_org == network.orgs["320706001001"]
    assert [p.name for p in case.parties.order_by("role")] == ["张群众", "李邻居"]
    assert len(submission.tracking_code) == 10
    # The photo is the case's material: evidence of the applicant's side, added by the citizen as their party.
    version = MaterialVersion.objects.select_related("material").get(material__case=case)
    material = version.material
    assert (material.title, material.kind, material.visibility) == ("photo.png", "evidence", "applicant")
    assert material.created_by == citizen and version.number == 1
    assert (version.original_name, version.content_type, version.size) == ("photo.png", "image/png", len(PNG))
    assert version.added_by == citizen and version.file.read() == PNG
    assert (version.added_by_name, version.added_as) == ("张群众", str(Side.APPLICANT.label))
    assert "photo" not in version.file.name  # stored under a random name


def test_a_bad_id_number_is_refused_in_chinese_and_nothing_is_saved(network, citizen):
    parties = dispute(network)["parties"]
    good = resident_id()
    parties[0] = {**parties[0], "id_number": good[:-1] + ("0" if good[-1] != "0" else "1")}
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        submit(network, citizen, files=[png()], parties=parties)
    assert "parties[0].id_number" in caught.value.message_dict
    assert "身份证" in " ".join(caught.value.message_dict["parties[0].id_number"])
    assert not Case.objects.exists() and not Material.objects.exists() and not Submission.objects.exists()


@pytest.mark.parametrize(("upload", "words"), [
    (SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024)), "最大"),
    (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "不是可接受的文件"),
    (SimpleUploadedFile("fake.png", b"<html>not an image"), "不是可接受的文件"),
])
def test_a_file_too_large_or_of_the_wrong_type_is_refused_and_nothing_is_registered(network, citizen, upload, words):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        submit(network, citizen, files=[upload])
    message = " ".join(caught.value.message_dict["files"])
    assert upload.name in message and words in message
    assert not Case.objects.exists()


def test_a_staff_member_cannot_submit_through_the_portal(network):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.submit(citizen=network.user("town_intake"), phone=PHONE, **dispute(network))


# ---- one-time codes ----

def test_a_code_logs_in_and_makes_one_account_without_the_phone_in_plain_text(db):
    services.request_code(PHONE, "10.0.0.1")
    user = services.verify_code(PHONE, last_code())
    account = CitizenAccount.objects.get(user=user)
    assert account.phone == PHONE and PHONE not in user.username
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM portal_citizenaccount")
        assert PHONE not in cursor.fetchone()[0]
    # A code is good once.
    with pytest.raises(ValidationError):
        services.verify_code(PHONE, last_code())
    LoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    services.request_code(PHONE)
    assert services.verify_code(PHONE, last_code()) == user


def test_a_wrong_code_is_refused(db):
    services.request_code(PHONE)
    wrong = "000000" if last_code() != "000000" else "111111"
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.verify_code(PHONE, wrong)
    assert "验证码" in caught.value.message_dict["code"][0]


def test_an_expired_code_is_refused(db):
    services.request_code(PHONE)
    LoginCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.verify_code(PHONE, last_code())
    assert "过期" in caught.value.message_dict["code"][0]


def test_after_five_wrong_codes_even_the_right_one_is_refused(db):
    services.request_code(PHONE)
    right = last_code()
    wrong = "000000" if right != "000000" else "111111"
    for _attempt in range(codes.MAX_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.verify_code(PHONE, wrong)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.verify_code(PHONE, right)
    assert "次数过多" in caught.value.message_dict["code"][0]


def test_codes_are_rate_limited_per_phone_and_per_ip(db):
    services.request_code(PHONE, "10.0.0.9")
    with pytest.raises(codes.TooManyRequests):
        services.request_code(PHONE, "10.0.0.9")  # again within a minute
    for _n in range(codes.PER_PHONE_PER_HOUR - 1):
        LoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
        services.request_code(PHONE)
    LoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    with pytest.raises(codes.TooManyRequests):
        services.request_code(PHONE)
    # Per network address, whatever the phone.
    for n in range(services.PER_IP_PER_HOUR - 1):
        services.request_code(f"1390000{n:04d}", "10.0.0.9")
    with pytest.raises(codes.TooManyRequests):
        services.request_code("13799999999", "10.0.0.9")
    assert len(LoginCode.objects.filter(ip="10.0.0.9")) == services.PER_IP_PER_HOUR


def test_a_landline_cannot_receive_a_code(db):
    with pytest.raises(ValidationError):
        services.request_code("0518-85821234")


# ---- access ----

def test_the_tracking_code_with_the_phone_finds_the_case_and_nothing_else_does(network, citizen):
    submission = submit(network, citizen)
    assert services.submission_by_code(submission.tracking_code.lower(), PHONE) == submission
    for code, phone in [(submission.tracking_code, "13900000000"), ("ZZZZZZZZZZ", PHONE), ("", ""),
                        (submission.tracking_code, "")]:
        with pytest.raises(Http404):
            services.submission_by_code(code, phone)


def test_the_portal_accepts_what_the_materials_accept_judged_by_content(network, citizen):
    heic = SimpleUploadedFile("IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 32)
    recording = SimpleUploadedFile("录音.m4a", b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 32)
    misnamed = SimpleUploadedFile("scan.jpg", PDF)  # a PDF named as a photo is a PDF
    submission = submit(network, citizen, files=[heic, recording, misnamed])
    kinds = [v.content_type for v in MaterialVersion.objects.filter(material__case=submission.case).order_by("id")]
    assert kinds == ["image/heic", "audio/mp4", "application/pdf"]


def test_more_evidence_joins_the_materials_while_the_case_is_open_and_the_applicants_side_sees_it(
    network, citizen
):
    submission = submit(network, citizen, files=[png()])
    added = services.add_evidence(submission, citizen, [png("second.png"), SimpleUploadedFile("note.pdf", PDF)])
    assert [v.original_name for v in added] == ["second.png", "note.pdf"]
    case = submission.case
    assert [m.title for m in materials.materials_for_sides(case, {"applicant"})] == [
        "photo.png", "second.png", "note.pdf"]
    assert materials.materials_for_sides(case, {"respondent"}) == []
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.add_evidence(submission, citizen, [png("x.png"), SimpleUploadedFile("x.exe", b"MZ\x90\x00")])
    assert "x.exe" in caught.value.message_dict["files"][0]
    assert Material.objects.filter(case=case).count() == 3  # all or nothing
    make(network, Case.objects.get(pk=case.pk), "reject")
    submission = Submission.objects.get(pk=submission.pk)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.add_evidence(submission, citizen, [png("late.png")])
    assert "办理期间" in caught.value.message_dict["files"][0]


def test_the_same_submission_sent_again_stores_its_files_once(network, citizen):
    first = services.submit_once("key-1", citizen=citizen, phone=PHONE, files=[png()], **dispute(network))
    again = services.submit_once("key-1", citizen=citizen, phone=PHONE, files=[png()], **dispute(network))
    assert again == first
    assert Material.objects.count() == MaterialVersion.objects.count() == 1


def test_the_public_timeline_shows_states_and_dates_but_no_reasons_or_names(network, citizen):
    case = submit(network, citizen).case
    make(network, case, "triage")
    case = make(network, Case.objects.get(pk=case.pk), "escalate")  # keeps the state: not shown
    timeline = services.public_timeline(case)
    assert [row["state"] for row in timeline] == [State.REGISTERED, State.TRIAGED]
    assert set(timeline[0]) == {"at", "state", "label"}


def test_the_citizen_sees_which_organisation_viewed_their_data(network, citizen):
    case = submit(network, citizen).case
    applicant = case.parties.get(role=Party.Role.APPLICANT)
    reveal_personal_data(network.user("town_intake"), applicant.pk, channel="workbench")
    [view] = services.data_views(case)
    assert view.viewer_organisation == "朐阳街道非诉讼服务中心"


# ---- ratings ----

def test_rating_only_when_closed_and_only_once(network, citizen):
    submission = submit(network, citizen)
    with pytest.raises(ValidationError):
        services.rate(submission, 5, "很好")
    case = submission.case
    for move in ["triage", "consent", "assign", "record_session", "agree", "close"]:
        case = make(network, Case.objects.get(pk=case.pk), move)
    submission.refresh_from_db()
    with pytest.raises(ValidationError):
        services.rate(submission, 6)
    rating = services.rate(submission, 4, "调解员很耐心")
    assert (rating.stars, rating.citizen) == (4, citizen)
    with pytest.raises(ValidationError):
        services.rate(submission, 5)
    assert Rating.objects.count() == 1


class RefusingSender:
    def send(self, phone, text):
        from jiefen.portal.sms import SmsError

        raise SmsError("gateway timeout")


def test_a_message_the_gateway_refuses_leaves_no_code_and_asks_to_try_again(db, settings):
    settings.JIEFEN_SMS_SENDER = "jiefen.portal.tests.test_services.RefusingSender"
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.request_code(PHONE)
    assert "短信发送失败" in caught.value.message_dict["phone"][0]
    assert not LoginCode.objects.exists()


def test_the_file_sender_writes_the_outbox(tmp_path):
    from jiefen.portal.sms import FileSender

    FileSender(tmp_path / "outbox.log").send(PHONE, "验证码 123456")
    assert (tmp_path / "outbox.log").read_text(encoding="utf-8").rstrip().endswith(f"\t{PHONE}\t验证码 123456")
