"""A group dispute's notices: one addressed to each claimant, all in one PDF, served on all in one go."""

import subprocess

import pytest
from django.core.exceptions import PermissionDenied

from jiefen.cases.groups import claimants
from jiefen.documents.models import ServiceRecord
from jiefen.documents.notice import group_notices_pdf, notice_content, notice_pdf
from jiefen.documents.services import serve_on_parties
from jiefen.testing import register_group


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return text.stdout.split("\f")[:-1]  # pdftotext ends every page with a form feed


def test_each_claimant_gets_a_notice_of_their_own(network):
    case = register_group(network, claimants=3)
    representative, second, _third = [row.party for row in claimants(case)]

    whole = notice_content(case)
    own = notice_content(case, addressee=second)

    assert "申请人刘建国等3人与被申请人连云港市宏达建筑工程有限公司" in whole.opening
    assert [p.name for p in whole.parties] == [representative.name, "连云港市宏达建筑工程有限公司"]
    assert own.addressees == second.name and own.opening == whole.opening
    assert [p.name for p in own.parties] == [second.name, "连云港市宏达建筑工程有限公司"]
    assert [p.name for p in own.receipt_parties] == [second.name]
    assert whole.receipt_parties == whole.parties


@pytest.mark.slow
def test_one_pdf_holds_one_notice_per_claimant(network, tmp_path):
    case = register_group(network, claimants=3)
    names = [row.party.name for row in claimants(case)]
    single, bulk = tmp_path / "one.pdf", tmp_path / "all.pdf"
    single.write_bytes(notice_pdf(case))
    bulk.write_bytes(group_notices_pdf(case, [row.party for row in claimants(case)]))

    per_notice = len(pdf_pages(single))
    pages = pdf_pages(bulk)
    assert len(pages) == per_notice * len(names)
    for n, name in enumerate(names):
        notice = "".join(pages[n * per_notice:(n + 1) * per_notice])
        assert f"{name}：" in notice  # addressed to this claimant
        assert "一次性告知书" in pages[n * per_notice]
        assert "回" in pages[(n + 1) * per_notice - 1] and name in pages[(n + 1) * per_notice - 1]  # their receipt
        assert not any(f"{other}：" in notice for other in names if other != name)


def test_the_notice_is_served_on_every_claimant_at_once(network):
    case = register_group(network, claimants=4)
    parties = [row.party for row in claimants(case)]

    records = serve_on_parties(case, "notice", parties, "window", network.user("town_intake"))

    assert len(records) == 4
    stored = ServiceRecord.objects.filter(case=case)
    assert sorted(stored.values_list("party_name", flat=True)) == sorted(p.name for p in parties)
    assert len(set(stored.values_list("served_at", flat=True))) == 1
    with pytest.raises(PermissionDenied):
        serve_on_parties(case, "notice", parties, "window", network.user("town_assessor"))
