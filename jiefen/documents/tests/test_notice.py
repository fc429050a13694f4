"""The one-time notice: what it says for a case, and that its PDF and DOCX really show it."""

import io
import subprocess

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from jiefen.cases.models import State
from jiefen.documents.notice import notice_content, notice_docx, notice_filename, notice_pdf
from jiefen.knowledge.catalogue import services_for
from jiefen.knowledge.models import ServiceItem
from jiefen.testing import case_in_state, register


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_options_are_those_of_the_category_and_every_item_before_triage(network):
    unclassified = register(network)
    classified = case_in_state(network, State.ASSIGNED)  # triaged as 邻里

    everything = [option.name for option in notice_content(unclassified).options]
    neighbours = [option.name for option in notice_content(classified).options]

    assert everything == [item.name for item in ServiceItem.objects.filter(is_active=True)]
    assert neighbours == [item.name for item in services_for("邻里")]
    assert neighbours[0] == "人民调解" and "诉讼" in neighbours and "劳动人事争议仲裁" not in neighbours
    assert notice_content(unclassified).options[0].label == "（一）人民调解"


def test_the_notice_says_what_the_law_requires(network):
    case = case_in_state(network, State.ASSIGNED)
    with translation.override("en"):  # an English-speaking officer still issues a Chinese document
        notice = notice_content(case)

    assert [p.name for p in notice.parties] == ["张三", "李四"] and notice.addressees == "张三、李四"
    assert case.number in notice.opening and "邻里噪音纠纷" in notice.opening
    assert "根据登记的纠纷类型（邻里纠纷）" in notice.options_intro
    rights = "\n".join(notice.rights)
    assert "当事人一方明确拒绝调解的，不得调解（《人民调解法》第十七条）。" in rights
    assert "接受调解、拒绝调解或者要求终止调解" in rights and "《人民调解法》第二十三条" in rights
    assert "不得因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利（《人民调解法》第三条）" in rights
    assert "直接向人民法院起诉" in rights
    limits = "\n".join(notice.limits)
    assert f"本纠纷的办理期限至{case.deadline.year}年{case.deadline.month}月{case.deadline.day}日" in limits
    assert "《人民法院在线调解规则》第二十四条" in limits  # the deadline's basis, written out
    assert "三十日内共同向人民法院申请司法确认" in limits and "《人民调解法》第三十三条" in limits
    assert "诉讼时效期间为三年" in limits and "《民法典》第一百八十八条" in limits
    assert notice.materials[0][0] == "（一）各类途径都需要的材料"
    assert any(heading == "（二）选择人民调解的，另需" for heading, _ in notice.materials)
    cited = {(article.short, article.article) for article in notice.appendix}
    assert {("人民调解法", 3), ("人民调解法", 17), ("人民调解法", 23), ("人民调解法", 33), ("民法典", 188)} <= cited
    assert ("人民法院在线调解规则", 24) in cited


def test_an_unassigned_case_is_told_its_deadline_comes_later(network):
    notice = notice_content(register(network))
    assert notice.limits[0].startswith("本纠纷尚未确定办理期限")
    assert "本纠纷尚未确定类型" in notice.options_intro


@pytest.mark.slow
def test_the_pdf_renders_chinese_text_with_embedded_fonts(network, tmp_path):
    case = case_in_state(network, State.ASSIGNED)
    path = tmp_path / "notice.pdf"
    path.write_bytes(notice_pdf(case))

    subprocess.run(["pdftoppm", "-r", "50", "-png", "-l", "1", str(path), str(tmp_path / "page")], check=True)
    page = Image.open(next(tmp_path.glob("page-*.png"))).convert("L")
    width, height = page.size
    ink = sum(page.histogram()[:128])  # pixels darker than mid-grey
    assert (width, height) == (414, 585)  # A4 at 50 dpi
    assert ink > 0.01 * width * height, "the first page is blank"

    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout
    text = text.decode("utf-8").replace(" ", "")
    for expected in ("一次性告知书", "张三", "李四", case.number, "人民调解", "回执", "《人民调解法》第十七条",
                     "不同意调解", "西门社区非诉讼服务站"):
        assert expected in text, expected

    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and any("CJK" in row for row in rows)
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded


def test_the_docx_holds_the_parties_the_options_and_the_receipt(network):
    case = case_in_state(network, State.ASSIGNED)
    data = notice_docx(case)
    text = docx_text(data)

    for expected in ("一次性告知书", f"编号：{case.number}", "申请人：张三", "被申请人：李四", "（一）人民调解",
                     "法律咨询和法律援助", "诉讼", "当事人一方明确拒绝调解的，不得调解", "回　执",
                     "申请人（签名或按指印）：张三", "《中华人民共和国民法典》第一百八十八条"):
        assert expected in text, expected
    doc = Document(io.BytesIO(data))
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    title = next(p for p in doc.paragraphs if p.text == "一次性告知书")
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_filenames(network):
    case = register(network)
    assert notice_filename(case, "pdf") == f"一次性告知书-{case.number}.pdf"


@pytest.mark.parametrize("state", [State.REGISTERED, State.RESOLVED, State.WITHDRAWN])
def test_every_case_gets_a_notice(network, state):
    text = docx_text(notice_docx(case_in_state(network, state)))
    assert "张三" in text and "李四" in text
