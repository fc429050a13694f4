import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from docx import Document
from docx.oxml.ns import qn

from jiefen.cases.models import Agreement, Case, Party
from jiefen.core.taxonomy import Level
from jiefen.core.validators import resident_id_check_char
from jiefen.documents.agreement import agreement_docx, agreement_filename, id_gender_and_birth
from jiefen.orgs.models import Mediator, Organisation
from jiefen.regions.models import Region

pytestmark = pytest.mark.django_db

MALE_ID = "32070619850312001" + resident_id_check_char("32070619850312001")  # digit 17 = 1, odd
FEMALE_ID = "32070619901105002" + resident_id_check_char("32070619901105002")  # digit 17 = 2, even


@pytest.fixture
def case():
    region = Region.objects.create(code="320706001000", name="朐阳街道", level=Region.Kind.TOWNSHIP)
    org = Organisation.objects.create(
        code="320706001", name="朐阳街道人民调解委员会", kind=Organisation.Kind.PEOPLES_MEDIATION,
        level=Level.TOWNSHIP, region=region,
    )
    user = get_user_model().objects.create_user("mediator", password="x")
    mediator = Mediator.objects.create(name="周调处", organisation=org, user=user)
    case = Case.objects.create(
        number="连海朐调〔2026〕0042号", summary="邻里排水纠纷", description="排水管道堵塞", place=region,
        handling_org=org, level=Level.TOWNSHIP, mediator=mediator, registered_by=user,
    )
    Party.objects.create(
        case=case, role=Party.Role.APPLICANT, name="张建国", id_number=MALE_ID, phone="13812345678",
        address="连云港市海州区西门社区1号",
    )
    Party.objects.create(
        case=case, role=Party.Role.RESPONDENT, name="李秀英", id_number=FEMALE_ID, phone="0518-85821234",
        address="连云港市海州区西门社区2号",
    )
    return case


def add_agreement(case, terms):
    return Agreement.objects.create(
        case=case, facts="双方因排水管道堵塞发生争执。\n申请人要求被申请人赔偿损失。", terms=terms,
        performance="被申请人于2026年11月30日前一次性支付。", signed_on=datetime.date(2026, 11, 23),
        recorded_by=case.registered_by, mediator_name=case.mediator.name, organisation_name=case.handling_org.name,
    )


def open_docx(case):
    return Document(io.BytesIO(agreement_docx(case)))


def text_of(doc):
    return "\n".join(p.text for p in doc.paragraphs)


def test_agreement_contains_the_case_data(case):
    add_agreement(case, "1. 被申请人赔偿申请人损失人民币两千元。\n2、双方今后互谅互让。")
    doc = open_docx(case)
    text = text_of(doc)

    assert doc.paragraphs[0].text == "人民调解协议书"
    assert "编号：连海朐调〔2026〕0042号" in text
    assert "申请人：姓名：张建国，性别：男，出生日期：1985年3月12日" in text
    assert "被申请人：姓名：李秀英，性别：女，出生日期：1990年11月5日" in text
    assert f"身份证号码：{MALE_ID}" in text and "联系电话：0518-85821234" in text
    assert "一、被申请人赔偿申请人损失人民币两千元。" in text
    assert "二、双方今后互谅互让。" in text
    assert "申请人要求被申请人赔偿损失。" in text
    assert "被申请人于2026年11月30日前一次性支付。" in text
    assert "本协议一式三份，当事人各执一份，人民调解委员会留存一份。" in text
    assert "第二十九条" in text and "三十日内" in text and "第三十三条" in text
    assert "人民调解员（签名）：周调处" in text
    assert "调解组织（盖章）：朐阳街道人民调解委员会" in text
    assert doc.paragraphs[-1].text == "2026年11月23日"


def test_fonts_and_page(case):
    add_agreement(case, "被申请人赔偿申请人损失人民币两千元。")
    doc = open_docx(case)

    title_fonts = doc.paragraphs[0].runs[0]._element.rPr.rFonts
    assert title_fonts.get(qn("w:eastAsia")) == "黑体"
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.top_margin.cm, 1) == 3.7 and round(section.left_margin.cm, 1) == 2.8
    # A single term is not numbered.
    assert "被申请人赔偿申请人损失人民币两千元。" in text_of(doc) and "一、被申请人" not in text_of(doc)


def test_organisation_party(case):
    case.parties.filter(role=Party.Role.RESPONDENT).update(
        kind=Party.Kind.ORGANISATION, name="连云港某物业服务有限公司", id_number="91320706MA1XXXXXX0"
    )
    add_agreement(case, "物业公司负责疏通管道。")
    text = text_of(open_docx(case))
    assert "被申请人：名称：连云港某物业服务有限公司，统一社会信用代码：91320706MA1XXXXXX0" in text
    assert "性别" not in text.split("被申请人：")[1].split("\n")[0]


def test_case_without_agreement_raises(case):
    with pytest.raises(ValueError, match="调解协议"):
        agreement_docx(case)


def test_filename(case):
    assert agreement_filename(case) == "调解协议书-连海朐调〔2026〕0042号.docx"


@pytest.mark.parametrize(
    ("id_number", "expected"),
    [
        (MALE_ID, ("男", datetime.date(1985, 3, 12))),
        (FEMALE_ID, ("女", datetime.date(1990, 11, 5))),
        ("", ("", None)),
        ("12345", ("", None)),
    ],
)
def test_id_gender_and_birth(id_number, expected):
    assert id_gender_and_birth(id_number) == expected
