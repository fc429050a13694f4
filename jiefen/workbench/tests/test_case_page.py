"""The case page and its moves: what it shows, how a move is made from it, and how a refused move is told."""

import io

import docx
from django.urls import reverse

from jiefen.cases.models import CaseEvent, State
from jiefen.testing import case_in_state, move_data, register, resident_id

HTMX = {"HX-Request": "true"}


def page_url(case):
    return reverse("workbench:case", args=[case.pk])


def move_url(case, move):
    return reverse("workbench:move", args=[case.pk, move])


def prefixed(move, data):
    return {f"{move}-{key}": value for key, value in data.items()}


def test_the_page_shows_the_case_its_parties_masked_and_its_timeline(network, login):
    case = case_in_state(network, State.RESOLVED)

    content = login("village_a").get(page_url(case)).content.decode()

    for text in (case.number, "邻里噪音纠纷", "楼上住户夜间装修噪音持续一个月", "停止夜间施工", "王调解",
                 "西门社区非诉讼服务站", case.deadline_basis, "张三", "李四", "3207************36", "138****5678",
                 "西门社区调解室", "李四每日22时后停止施工", "下载调解协议书（DOCX）"):
        assert text in content, text
    assert resident_id() not in content and "13812345678" not in content
    timeline = content[content.index('class="timeline"'):]
    for move in ("register", "triage", "consent", "assign", "record_session", "agree"):
        assert f'data-move="{move}"' in timeline
    assert "陈引导 · 朐阳街道非诉讼服务中心" in timeline  # actor and organisation
    assert "依据当事人陈述和工作记录。" in timeline  # the reason
    assert "纠纷类型" in timeline and "邻里纠纷" in timeline  # the triage payload, readable


def test_allowed_moves_open_their_form_and_others_are_greyed_with_the_reason(network, login):
    case = case_in_state(network, State.ASSIGNED)

    response = login("town_intake").get(page_url(case))

    allowed = {option.move for option, _form in response.context["moves"]}
    greyed = {option.move: option.reason for option in response.context["unavailable"]}
    assert allowed == {"escalate", "withdraw"}
    assert set(greyed) == {"assign", "record_session", "extend_deadline", "respondent_absent", "reroute"}
    content = response.content.decode()
    assert 'id="move-escalate"' in content and 'name="escalate-reason"' in content
    assert 'id="move-record_session"' not in content and 'name="record_session-record"' not in content
    reason = str(greyed["record_session"])
    assert "岗位" in reason  # "your post may not…", in Chinese
    assert f'aria-disabled="true" title="{reason}"' in content
    assert f'<small class="why">{reason}</small>' in content


def test_a_move_made_through_the_page_writes_its_event(network, login):
    case = register(network)
    client = login("town_intake")

    response = client.post(move_url(case, "triage"), prefixed("triage", move_data(network, case, "triage")))

    assert response.status_code == 302 and response["Location"] == page_url(case)
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.move, event.from_state, event.to_state) == ("triage", "registered", "triaged")
    assert event.actor == network.user("town_intake")
    assert event.payload == {"category": "邻里", "field": "民事", "complexity": "简单"}
    page = client.get(page_url(case)).content.decode()
    assert "已办理：" in page and 'data-move="triage"' in page


def test_with_htmx_a_move_answers_with_a_client_redirect(network, login):
    case = case_in_state(network, State.TRIAGED)

    response = login("town_intake").post(
        move_url(case, "consent"), prefixed("consent", {"method": "peoples_mediation"}), headers=HTMX
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == page_url(case)
    case.refresh_from_db()
    assert case.state == State.ACCEPTED


def test_invalid_input_with_htmx_returns_only_the_form_with_its_errors(network, login):
    case = register(network)

    response = login("town_intake").post(
        move_url(case, "triage"), {"triage-category": "邻里", "triage-field": "", "triage-reason": "初步研判"},
        headers=HTMX,
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert content.lstrip().startswith('<form class="move-form')
    assert "<html" not in content
    assert 'id="id_triage-field_error"' in content
    assert '<option value="邻里" selected>' in content and "初步研判" in content
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_invalid_input_without_javascript_returns_the_page_with_the_form_open(network, login):
    case = case_in_state(network, State.TRIAGED)

    response = login("town_intake").post(move_url(case, "refuse"), {"refuse-reason": "  "})

    content = response.content.decode()
    assert response.status_code == 422
    assert '<details class="move" id="move-refuse" open>' in content
    assert 'id="id_refuse-reason_error"' in content
    case.refresh_from_db()
    assert case.state == State.TRIAGED


def test_a_move_the_state_no_longer_allows_is_a_409_with_a_clear_message(network, login):
    case = case_in_state(network, State.ACCEPTED)  # triaged already: a page opened earlier still offers triage
    data = prefixed("triage", move_data(network, case, "triage"))

    fragment = login("town_intake").post(move_url(case, "triage"), data, headers=HTMX)
    page = login("town_intake").post(move_url(case, "triage"), data)

    assert fragment.status_code == 409
    assert "move-refused" in fragment.content.decode() and "待指派" in fragment.content.decode()
    assert page.status_code == 409
    assert '<div class="notice notice-error" role="alert"><p>' in page.content.decode()
    assert "<html" in page.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == 3


def test_a_move_the_users_post_may_not_make_is_a_403_with_the_reason(network, login):
    case = register(network)
    data = prefixed("triage", move_data(network, case, "triage"))

    fragment = login("town_liaison").post(move_url(case, "triage"), data, headers=HTMX)
    page = login("town_liaison").post(move_url(case, "triage"), data)

    assert fragment.status_code == 403 and "岗位" in fragment.content.decode()
    assert page.status_code == 403 and "岗位" in page.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_an_unknown_move_is_a_404_and_get_opens_the_form(network, login):
    case = register(network)
    client = login("town_intake")
    assert client.get(move_url(case, "fly")).status_code == 404
    page = client.get(move_url(case, "triage"))
    assert '<details class="move" id="move-triage" open>' in page.content.decode()
    fragment = client.get(move_url(case, "triage"), headers=HTMX)
    assert fragment.content.decode().lstrip().startswith('<form class="move-form')


def test_the_agreement_downloads_as_a_docx_with_a_chinese_filename(network, login):
    case = case_in_state(network, State.RESOLVED)

    response = login("village_a").get(reverse("workbench:agreement", args=[case.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "%E8%B0%83%E8%A7%A3%E5%8D%8F%E8%AE%AE%E4%B9%A6" in disposition  # 调解协议书, percent-encoded
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "张三" in text and "李四" in text


def test_no_agreement_no_download(network, login):
    case = case_in_state(network, State.IN_MEDIATION)
    assert login("village_a").get(reverse("workbench:agreement", args=[case.pk])).status_code == 404
    assert "agreement.docx" not in login("village_a").get(page_url(case)).content.decode()
