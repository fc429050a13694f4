"""Likely duplicates on the case page: the suggestion with its three answers, and the links that keep both records
reachable afterwards."""

from django.urls import reverse

from jiefen.cases.models import CaseLink, State
from jiefen.cases.tests.test_duplicates import LOAN, NOISE, NOISE_RETOLD
from jiefen.cases.workflow import LINKED, MARKED_DISTINCT
from jiefen.testing import case_in_state, make, register
from jiefen.workbench.tests.test_register import form_data


def page(login, persona, case):
    return login(persona).get(reverse("workbench:case", args=[case.pk]))


def test_the_case_page_suggests_a_likely_duplicate_with_why_and_three_answers(network, login):
    first = register(network, description=NOISE)
    second = register(network, description=NOISE_RETOLD)

    response = page(login, "town_intake", second)

    content = response.content.decode()
    panel = content[content.index('id="duplicates"'):content.index("</section>", content.index('id="duplicates"'))]
    assert "可能重复" in panel and first.number in panel
    assert "与申请人张三证件号码相同（3207************" in panel
    assert "窗口" in panel and "已登记" in panel  # the other case's channel and state
    for answer in ("关联", "并案", "非重复"):
        assert answer in panel
    assert f'name="merge-into" value="{first.number}"' in panel
    assert reverse("workbench:move", args=[second.pk, "merge"]) in panel


def test_merge_is_greyed_with_the_reason_when_this_case_may_not_merge(network, login):
    first = register(network, description=NOISE)
    second = case_in_state(network, State.ASSIGNED, description=NOISE_RETOLD)

    response = page(login, "town_intake", second)

    [(suggestion, cannot_merge)] = response.context["duplicates"]
    assert suggestion.case == first and cannot_merge
    content = response.content.decode()
    assert 'name="merge-into"' not in content
    assert "btn-disabled" in content and str(cannot_merge) in content


def test_who_may_not_answer_sees_no_suggestions(network, login):
    register(network, description=NOISE)
    second = register(network, description=NOISE_RETOLD)

    assert page(login, "town_intake", second).context["duplicates"]
    assert page(login, "town_assessor", second).context["duplicates"] == []


def test_linking_from_the_page_shows_the_related_case_on_both_pages(network, login):
    first = register(network, description=NOISE)
    second = register(network, description=NOISE_RETOLD)
    client = login("town_intake")

    response = client.post(
        reverse("workbench:link", args=[second.pk]), {"other": first.pk, "kind": "related", "reason": ""}
    )

    assert response.status_code == 302
    assert CaseLink.objects.get().kind == CaseLink.Kind.RELATED
    for case, other in ((first, second), (second, first)):
        content = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
        assert 'id="duplicates"' not in content
        links = content[content.index('id="case-links"'):]
        assert "相关案件" in links and reverse("workbench:case", args=[other.pk]) in links
        assert case.events.filter(move=LINKED).exists()
        assert "关联相关案件" in content  # the timeline event's label


def test_not_a_duplicate_needs_a_reason_and_says_why_it_was_refused(network, login):
    first = register(network, description=NOISE)
    second = register(network, description=NOISE_RETOLD)
    client = login("town_intake")
    url = reverse("workbench:link", args=[second.pk])

    refused = client.post(url, {"other": first.pk, "kind": "distinct", "reason": ""}, follow=True)

    assert "请简要说明为何是不同的纠纷" in refused.content.decode()
    assert not CaseLink.objects.exists()

    client.post(url, {"other": first.pk, "kind": "distinct", "reason": "两处不同房屋"})

    assert second.events.get(move=MARKED_DISTINCT).reason == "两处不同房屋"
    assert page(login, "town_intake", second).context["duplicates"] == []


def test_a_case_out_of_reach_cannot_be_linked(network, login):
    here = register(network, description=NOISE)
    elsewhere = register(network, org_code="320706002001", actor="village_c", description=NOISE_RETOLD)

    response = login("town_intake").post(
        reverse("workbench:link", args=[here.pk]), {"other": elsewhere.pk, "kind": "related"}
    )

    assert response.status_code == 404
    assert not CaseLink.objects.exists()


def test_both_records_of_a_merge_point_at_each_other(network, login):
    target = register(network, description=NOISE)
    duplicate = register(network, description=NOISE_RETOLD)
    client = login("town_intake")

    client.post(
        reverse("workbench:move", args=[duplicate.pk, "merge"]),
        {"merge-into": target.number, "merge-reason": "同一纠纷重复登记"},
    )

    merged = client.get(reverse("workbench:case", args=[duplicate.pk])).content.decode()
    assert f'已并入 <a href="{reverse("workbench:case", args=[target.pk])}">{target.number}</a>' in merged
    goes_on = client.get(reverse("workbench:case", args=[target.pk])).content.decode()
    assert "并入本案的案件" in goes_on and duplicate.number in goes_on
    assert "他案并入本案" in goes_on  # the timeline event
    assert 'id="duplicates"' not in goes_on


def test_a_window_registration_with_likely_duplicates_says_so(network, login):
    existing = register(network, description=NOISE)
    make(network, existing, "triage")
    form = form_data(
        network, summary="装修噪音", description=NOISE_RETOLD, **{"applicant-name": "张三", "applicant-id_number": "",
                                                               "applicant-phone": "13812345678"},
    )
    client = login("town_intake")

    response = client.post(reverse("workbench:register"), form, follow=True)
    assert response.status_code == 200, response.content.decode()
    assert "发现1件可能重复的案件，请在案件页核对" in response.content.decode()

    response = client.post(reverse("workbench:register"), {**form, "description": LOAN}, follow=True)
    assert "已登记" in response.content.decode() and "可能重复的案件" not in response.content.decode()
