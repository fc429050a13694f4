"""Who may open the workbench, and who sees which case: login, posts, and jurisdiction on every screen."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from jiefen.cases.models import State
from jiefen.testing import PASSWORD, case_in_state, register


def screens(case_pk):
    return [
        reverse("workbench:queue"),
        reverse("workbench:case_list"),
        reverse("workbench:register"),
        reverse("workbench:case", args=[case_pk]),
        reverse("workbench:move", args=[case_pk, "triage"]),
        reverse("workbench:agreement", args=[case_pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(network):
    case = register(network)
    for url in screens(case.pk):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{reverse('login')}?next=")


def test_a_user_without_a_post_gets_a_403_page_that_says_why(network, login):
    case = case_in_state(network, State.RESOLVED)
    bare_superuser = Client()
    bare_superuser.force_login(get_user_model().objects.create_superuser("root", password=PASSWORD))
    for client in (login("citizen"), bare_superuser):
        for url in screens(case.pk):
            response = client.get(url)
            assert response.status_code == 403, url
            assert "您在非诉讼服务网络中没有岗位" in response.content.decode()
    assert login("citizen").post(reverse("workbench:move", args=[case.pk, "close"])).status_code == 403


def test_staff_log_in_with_their_password_and_land_on_their_queue(network):
    client = Client()
    page = client.get(reverse("login"))
    assert "工作人员登录" in page.content.decode()

    response = client.post(reverse("login"), {"username": "village_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:queue")
    assert "我的待办" in client.get(response["Location"]).content.decode()

    wrong = Client().post(reverse("login"), {"username": "village_a", "password": "wrong"})
    assert wrong.status_code == 200
    assert "请输入一个正确的" in wrong.content.decode()  # Django's own message, in Chinese


def test_logging_out_is_a_post_and_ends_the_session(network, login):
    client = login("village_a")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("workbench:queue")).status_code == 302


def test_the_language_switcher_turns_the_workbench_into_english_and_back(network, login):
    client = login("village_a")
    client.post(reverse("set_language"), {"language": "en", "next": reverse("workbench:queue")})
    assert "<h1>My queue</h1>" in client.get(reverse("workbench:queue")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("workbench:queue")})
    assert "<h1>我的待办</h1>" in client.get(reverse("workbench:queue")).content.decode()


class TestAVillageMediatorSeesOnlyTheirVillage:
    @pytest.fixture
    def case_of_village_a(self, network):
        return case_in_state(network, State.RESOLVED, summary="西门社区漏水纠纷")

    def test_not_in_the_list(self, login, case_of_village_a):
        content = login("village_b").get(reverse("workbench:case_list")).content.decode()
        assert case_of_village_a.number not in content
        assert "西门社区漏水纠纷" not in content

    def test_not_by_search(self, login, case_of_village_a):
        for text in (case_of_village_a.number, "漏水", "张三"):
            response = login("village_b").get(reverse("workbench:case_list"), {"q": text})
            assert response.context["page"].paginator.count == 0, text

    def test_not_by_id(self, login, case_of_village_a):
        client = login("village_b")
        for url in screens(case_of_village_a.pk)[3:]:
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("workbench:move", args=[case_of_village_a.pk, "close"])).status_code == 404

    def test_not_in_the_queue(self, login, case_of_village_a):
        assert case_of_village_a.number not in login("village_b").get(reverse("workbench:queue")).content.decode()

    def test_but_village_a_does(self, login, case_of_village_a):
        client = login("village_a")
        assert case_of_village_a.number in client.get(reverse("workbench:case_list")).content.decode()
        assert client.get(reverse("workbench:case", args=[case_of_village_a.pk])).status_code == 200


def test_a_county_coordinator_sees_every_village_of_the_county_and_no_other_county(network, login):
    villages = ("320706001001", "320706001002", "320706002001")
    cases = [register(network, org_code=code, actor="county_intake") for code in villages]
    cases.append(register(network, org_code="320706001"))

    county = login("county_coordinator")
    listed = county.get(reverse("workbench:case_list")).context["page"].object_list
    assert {case.pk for case in listed} == {case.pk for case in cases}
    for case in cases:
        assert county.get(reverse("workbench:case", args=[case.pk])).status_code == 200

    other = login("other_county_coordinator")
    assert other.get(reverse("workbench:case_list")).context["page"].paginator.count == 0
    assert other.get(reverse("workbench:case", args=[cases[0].pk])).status_code == 404
