"""The formal written notice, the clock's last step: a PDF to print, with its Chinese fonts embedded, beside the DOCX
to edit, both offered with the mediator's task."""

import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from jiefen.scheduler.services import run_pass

from .test_clock import at, waiting  # noqa: F401  (the fixture)


@pytest.mark.slow
def test_the_pdf_renders_the_notice_in_chinese_with_embedded_fonts(waiting, network, tmp_path):  # noqa: F811
    run_pass(at("2026-11-12"))
    mediator = Client()
    mediator.force_login(network.user("village_a"))
    queue = mediator.get(reverse("workbench:queue")).content.decode()
    url = reverse("respondent:written_notice_pdf", args=[waiting.pk])
    assert url in queue

    response = mediator.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    path = tmp_path / "written-notice.pdf"
    path.write_bytes(response.content)

    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout
    text = text.decode("utf-8").replace(" ", "").replace("\n", "")
    for expected in ("书面通知", waiting.number, "被申请人：李四", "申请人张三", "《中华人民共和国人民调解法》第三条",
                     "西门社区非诉讼服务站（盖章）", "送达回证"):
        assert expected in text, expected

    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and any("CJK" in row for row in rows)
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded


def test_staff_outside_the_jurisdiction_get_no_notice(waiting, network):  # noqa: F811
    other = Client()
    other.force_login(network.user("village_b"))
    assert other.get(reverse("respondent:written_notice_pdf", args=[waiting.pk])).status_code == 404
