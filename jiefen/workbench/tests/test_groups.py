"""Group disputes at the window: the pasted claimant list, the orange badge, the claimants table and its outcomes,
and the notices for every claimant."""

import subprocess

import pytest
from django.urls import reverse

from jiefen.cases.groups import claimants, group_summary
from jiefen.cases.models import Case, ClaimantOutcome
from jiefen.documents.models import ServiceRecord
from jiefen.testing import register, register_group, resident_id
from jiefen.workbench.tests.test_register import URL, form_data


def group_data(network, lines: list[str], **overrides):
    return form_data(
        network, summary="工地拖欠农民工工资", is_group="on", claimants="\n".join(lines),
        **{"respondent-kind": "organisation", "respondent-name": "连云港市宏达建筑工程有限公司", **overrides},
    )


REPRESENTATIVE_ID = resident_id("19660606", "111")  # the applicant form of form_data
LINES = [
    f"孙一，{REPRESENTATIVE_ID}，13811112222，20000",
    f"刘建国,{resident_id('19800101', '001')},13900000001,18000",
    f"孙志强\t{resident_id('19810202', '002')}\t13900000002\t9500.50",
    f"马国庆，{resident_id('19820303', '003')}，13900000003",
]


def test_the_window_registers_a_group_from_pasted_lines(network, login):
    client = login("town_intake")
    response = client.post(URL, group_data(network, LINES))

    case = Case.objects.get(summary="工地拖欠农民工工资")
    assert response.status_code == 302 and response.url == reverse("workbench:case", args=[case.pk])
    assert case.is_group and case.risk == "橙"
    rows = claimants(case)
    # The applicant form is the representative; their own line only gave the amount claimed.
    assert [(r.party.name, r.party.is_representative) for r in rows] == [
        ("孙一", True), ("刘建国", False), ("孙志强", False), ("马国庆", False),
    ]
    assert rows[0].party.address == "海州区东门社区8号"
    assert group_summary(case).total_claimed == 47500.50

    page = client.get(response.url).content.decode()
    assert "橙色预警" in page and "群体性纠纷" in page
    assert 'id="claimants"' in page and "马国庆" in page and "139****0003" in page
    assert REPRESENTATIVE_ID not in page and "13900000003" not in page  # masked


def test_a_wrong_line_is_named_and_everything_typed_stays(network, login):
    wrong = resident_id("19820303", "003")
    wrong = wrong[:17] + ("0" if wrong[17] != "0" else "1")
    lines = [*LINES[:3], f"马国庆，{wrong}，13900000003"]
    response = login("town_intake").post(URL, group_data(network, lines))

    page = response.content.decode()
    assert response.status_code == 422 and not Case.objects.exists()
    assert "第4行：身份证号码" in page and "校验" in page
    assert "孙志强\t" in page and wrong in page  # the list as typed
    assert 'value="孙一"' in page and 'name="is_group" checked' in page.replace(' id="id_is_group"', "")


def test_a_group_of_one_is_refused_under_the_list(network, login):
    response = login("town_intake").post(URL, group_data(network, LINES[:1]))

    assert response.status_code == 422
    field = response.context["form"]["claimants"]
    assert any("至少需要两名申请人" in error for error in field.errors)


def test_without_the_tick_the_list_is_ignored_and_the_case_is_not_a_group(network, login):
    data = group_data(network, LINES)
    del data["is_group"]
    login("town_intake").post(URL, data)

    case = Case.objects.get(summary="工地拖欠农民工工资")
    assert not case.is_group and case.risk == "" and case.parties.count() == 2


def test_the_risk_badge_shows_in_the_case_list(network, login):
    register_group(network)
    register(network, summary="普通邻里纠纷")
    page = login("town_intake").get(reverse("workbench:case_list")).content.decode()
    assert page.count("橙色预警") == 1 and "共4人" in page


def outcomes_url(case):
    return reverse("workbench:claimant_outcomes", args=[case.pk])


def test_outcomes_for_one_or_several_ticked_claimants(network, login):
    case = register_group(network, claimants=3)
    first, second, third = [row.party for row in claimants(case)]
    client = login("village_a")

    one = client.post(outcomes_url(case), {"party": [first.pk], "outcome": "partly_paid", "amount": "5000"})
    several = client.post(outcomes_url(case), {"party": [second.pk, third.pk], "outcome": "paid", "note": "结清"})

    assert one.status_code == several.status_code == 302
    summary = group_summary(case)
    assert summary.counts == {"partly_paid": 1, "paid": 2} and summary.total_obtained == 41000
    page = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert "部分支付" in page and "全额支付" in page and "¥41000.00" in page


def test_a_rejected_outcome_keeps_the_ticks_and_says_why(network, login):
    case = register_group(network, claimants=3)
    second = claimants(case)[1].party
    client = login("village_a")

    nobody = client.post(outcomes_url(case), {"outcome": "agreed"})
    no_amount = client.post(outcomes_url(case), {"party": [second.pk], "outcome": "partly_paid"})

    assert nobody.status_code == no_amount.status_code == 422
    assert "请至少勾选一名申请人" in nobody.content.decode()
    page = no_amount.content.decode()
    assert f'value="{second.pk}" id="claimant-{second.pk}" aria-label="{second.name}" checked' in page
    assert "实际获得的金额" in page
    assert not ClaimantOutcome.objects.exists()


def test_outcomes_answer_404_outside_the_jurisdiction_and_403_to_other_posts(network, login):
    case = register_group(network)
    party = claimants(case)[0].party
    data = {"party": [party.pk], "outcome": "agreed"}

    assert login("village_b").post(outcomes_url(case), data).status_code == 404
    assert login("town_assessor").post(outcomes_url(case), data).status_code == 403
    assert login("town_intake").post(outcomes_url(register(network)), data).status_code == 404
    assert not ClaimantOutcome.objects.exists()


def test_the_notice_is_recorded_as_served_on_every_claimant(network, login):
    case = register_group(network, claimants=3)
    response = login("town_intake").post(reverse("workbench:serve_group_notices", args=[case.pk]))

    assert response.status_code == 302
    records = ServiceRecord.objects.filter(case=case, document="notice", method="window")
    assert sorted(records.values_list("party_id", flat=True)) == sorted(row.party.pk for row in claimants(case))
    assert login("town_assessor").post(reverse("workbench:serve_group_notices", args=[case.pk])).status_code == 403


@pytest.mark.slow
def test_the_notices_of_all_claimants_print_as_one_pdf(network, login, tmp_path):
    case = register_group(network, claimants=2)
    url = reverse("workbench:group_notices_pdf", args=[case.pk])
    client = login("town_intake")

    response = client.get(url, {"batch": "1"})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "notices.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert all(f"{row.party.name}：" in text for row in claimants(case))
    assert client.get(url, {"batch": "2"}).status_code == 404
    assert client.get(reverse("workbench:group_notices_pdf", args=[register(network).pk])).status_code == 404
