"""Registration at the window: a valid form registers through the service; a rejected one keeps every input and
shows each error, in Chinese, beside its field."""

import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from jiefen.cases.models import Case, CaseEvent
from jiefen.testing import resident_id
from jiefen.workbench.forms import PartyForm, RegistrationForm, show_service_errors

URL = reverse("workbench:register")
CJK = re.compile(r"[\u4e00-\u9fff]")
with translation.override("zh-hans"):
    REQUIRED = str(forms.Field.default_error_messages["required"])  # Django's own message, in Chinese


def form_data(network, **overrides):
    data = {
        "summary": "宅基地边界纠纷",
        "description": "两户因宅基地边界围墙位置发生争执，多次协商未果。",
        "claims": "确认边界，拆除越界围墙。",
        "amount": "5000.50",
        "place": network.regions["320706001002"].pk,
        "handling_org": network.orgs["320706001"].pk,
        "applicant-kind": "person",
        "applicant-name": "孙一",
        "applicant-id_number": resident_id("19660606", "111"),
        "applicant-phone": "13811112222",
        "applicant-address": "海州区东门社区8号",
        "respondent-kind": "organisation",
        "respondent-name": "连云港市东门物业有限公司",
        "respondent-id_number": "",
        "respondent-phone": "0518-85821234",
        "respondent-address": "海州区东门社区物业楼",
    }
    data.update(overrides)
    return data


def test_the_window_registers_a_case_and_opens_its_page(network, login):
    client = login("town_intake")
    response = client.post(URL, form_data(network))

    case = Case.objects.get(summary="宅基地边界纠纷")
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:case", args=[case.pk])
    assert case.channel == "window" and case.state == "registered"
    assert case.handling_org == network.orgs["320706001"]
    assert case.place == network.regions["320706001002"]
    assert str(case.amount) == "5000.50"
    parties = {party.role: party for party in case.parties.all()}
    assert parties["applicant"].name == "孙一"
    assert parties["respondent"].kind == "organisation" and parties["respondent"].phone == "0518-85821234"
    assert CaseEvent.objects.get(case=case).move == "register"

    page = client.get(response["Location"])
    assert f"案件 {case.number} 已登记。" in page.content.decode()


def test_a_rejected_form_keeps_every_input_and_puts_each_error_beside_its_field(network, login):
    data = form_data(network, **{
        "summary": "",
        "applicant-id_number": "320706196606061112",  # wrong check digit
        "respondent-phone": "12345",
    })

    response = login("town_intake").post(URL, data)

    assert response.status_code == 422
    assert not Case.objects.exists()
    form, (applicant, respondent) = response.context["form"], response.context["parties"]
    assert form.errors["summary"] == [REQUIRED] and CJK.search(REQUIRED)
    assert list(applicant.errors) == ["id_number"] and CJK.search(applicant.errors["id_number"][0])
    assert list(respondent.errors) == ["phone"] and CJK.search(respondent.errors["phone"][0])

    content = response.content.decode()
    # Each message sits right after its own input.
    for field_id, message in [
        ("id_summary", REQUIRED),
        ("id_applicant-id_number", applicant.errors["id_number"][0]),
        ("id_respondent-phone", respondent.errors["phone"][0]),
    ]:
        field_html = content[content.index(f'id="{field_id}"'):]
        assert field_html.index(f'id="{field_id}_error"') < field_html.index("</div>")
        assert message in field_html[: field_html.index("</div>")]
    # Everything typed is still there.
    for value in ("两户因宅基地边界围墙位置发生争执，多次协商未果。", "确认边界，拆除越界围墙。", "5000.50", "孙一",
                  "320706196606061112", "13811112222", "海州区东门社区8号", "连云港市东门物业有限公司", "12345"):
        assert value in content, value
    assert f'<option value="{network.regions["320706001002"].pk}" selected>' in content
    assert '<option value="organisation" selected>' in content
    assert "案件尚未登记，请更正下方标出的内容。" in content


def test_the_place_is_a_village_or_township_of_the_officers_region_grouped_by_township(network, login):
    response = login("town_intake").get(URL)
    form = response.context["form"]
    (group, options), = form.fields["place"].choices[1:]
    assert group == "朐阳街道"
    assert [label for _pk, label in options] == ["朐阳街道（本级）", "西门社区", "东门社区"]
    assert '<optgroup label="朐阳街道">' in response.content.decode()

    outside = login("town_intake").post(URL, form_data(network, place=network.regions["320706002001"].pk))
    assert outside.status_code == 422 and outside.context["form"].errors["place"]


def test_a_county_officer_chooses_among_townships_and_their_villages(network, login):
    form = login("county_intake").get(URL).context["form"]
    groups = [group for group, _options in form.fields["place"].choices[1:]]
    assert groups == ["朐阳街道", "洪门街道"]


def test_the_handling_organisation_defaults_to_the_officers_own_and_offers_their_subtree(network, login):
    form = login("town_intake").get(URL).context["form"]
    assert form.fields["handling_org"].initial == network.orgs["320706001"].pk
    offered = [pk for pk, _label in form.fields["handling_org"].choices]
    assert offered == [network.orgs[code].pk for code in ("320706001", "320706001001", "320706001002")]

    village = login("village_a").get(URL).context["form"]
    assert [pk for pk, _label in village.fields["handling_org"].choices] == [network.orgs["320706001001"].pk]
    assert village.fields["place"].initial == network.regions["320706001001"].pk

    other = login("town_intake").post(URL, form_data(network, handling_org=network.orgs["320706002001"].pk))
    assert other.status_code == 422 and other.context["form"].errors["handling_org"]


def test_the_services_errors_land_on_the_fields_they_name(network):
    staff = network.user("town_intake").staff
    form = RegistrationForm({}, staff=staff)
    parties = [PartyForm({}, role=role, prefix=role) for role in ("applicant", "respondent")]
    for bound in (form, *parties):
        bound.is_valid()
    show_service_errors(
        ValidationError({
            "summary": ["摘要过长"], "parties[1].phone": ["电话有误"], "parties": ["至少一名申请人"],
            "parties[7].name": ["超出范围"], "unknown": ["其他"],
        }),
        form, parties,
    )
    assert "摘要过长" in form.errors["summary"]
    assert "电话有误" in parties[1].errors["phone"]
    assert {"至少一名申请人", "超出范围", "其他"} <= set(form.non_field_errors())


@pytest.mark.parametrize("persona", ["village_a", "county_coordinator", "town_intake", "town_liaison"])
def test_every_post_that_takes_disputes_in_can_open_the_form(network, login, persona):
    assert login(persona).get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["city_leader", "town_assessor"])
def test_readers_are_neither_offered_nor_shown_the_form(network, login, persona):
    client = login(persona)

    assert client.get(URL).status_code == 403
    assert URL not in client.get("/").content.decode()


def test_adding_a_party_grows_the_form_and_keeps_what_was_typed_without_judging_it(network, login):
    response = login("town_intake").post(URL, form_data(network, summary="", add_party="1"))

    assert response.status_code == 200
    assert not Case.objects.exists()
    form, parties = response.context["form"], response.context["parties"]
    assert len(parties) == 3 and not form.is_bound
    content = response.content.decode()
    assert "field-error" not in content
    assert 'name="party0-name"' in content and 'name="further_parties" value="1"' in content
    assert "孙一" in content and "两户因宅基地边界围墙位置发生争执" in content


def test_a_further_party_is_registered_and_a_blank_one_skipped(network, login):
    data = form_data(network, further_parties="2", **{
        "party0-role": "applicant", "party0-kind": "person", "party0-name": "孙二",
        "party0-id_number": resident_id("19680808", "222"), "party0-phone": "", "party0-address": "",
        "party1-role": "respondent", "party1-kind": "person", "party1-name": "",
        "party1-id_number": "", "party1-phone": "", "party1-address": "",
    })

    response = login("town_intake").post(URL, data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert [(p.role, p.name) for p in case.parties.order_by("role", "id")] == [
        ("applicant", "孙一"), ("applicant", "孙二"), ("respondent", "连云港市东门物业有限公司"),
    ]


def test_a_further_partys_mistake_shows_on_that_party(network, login):
    data = form_data(network, further_parties="1", **{
        "party0-role": "respondent", "party0-kind": "person", "party0-name": "孙三",
        "party0-id_number": "123", "party0-phone": "", "party0-address": "",
    })

    response = login("town_intake").post(URL, data)

    assert response.status_code == 422
    further = response.context["parties"][2]
    assert list(further.errors) == ["id_number"] and CJK.search(further.errors["id_number"][0])
    assert 'value="孙三"' in response.content.decode()
