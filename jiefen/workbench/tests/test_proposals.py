"""The system's proposal on the case page: shown with its reasons, accepted in one click or changed, asked for
again on demand, and waited for while it is being made."""

import re

from django.urls import reverse
from django.utils.timezone import localtime

from jiefen.cases.models import State
from jiefen.cases.workflow import Move
from jiefen.testing import register
from jiefen.triage.models import Proposal, TriageDecision

HTMX = {"HX-Request": "true"}


def proposed_case(network, capture, **overrides):
    with capture(execute=True):  # the registration handler queues the proposal; tests run tasks at once
        case = register(network, **overrides)
    return case, Proposal.objects.get(case=case)


def page(client, case) -> str:
    return client.get(reverse("workbench:case", args=[case.pk])).content.decode()


def test_the_triage_step_shows_the_proposal_with_its_reasons(network, login, django_capture_on_commit_callbacks):
    case, proposal = proposed_case(network, django_capture_on_commit_callbacks)
    content = page(login("town_intake"), case)
    panel = content[content.index('id="proposal"'):content.index("</section>", content.index('id="proposal"'))]
    assert "系统建议" in panel and proposal.model_version in panel
    assert proposal.get_category_display() in panel and "依据的词语" in panel
    assert proposal.reasons["complexity"]["explanation"] in panel
    assert proposal.reasons["risk"]["explanation"] in panel
    assert proposal.organisation.name in panel and proposal.reasons["route"]["reasons"][0] in panel
    assert 'id="accept-proposal"' in panel and 'id="change-proposal"' in panel
    # The triage form opens filled in with the proposal.
    form = content[content.index('id="move-triage"'):]
    assert re.search(rf'name="triage-proposal" value="{proposal.pk}"', form)
    assert re.search(rf'<option value="{proposal.category}" selected>', form)


def test_accepting_the_proposal_takes_one_click_and_is_recorded_as_accepted(
    network, login, django_capture_on_commit_callbacks
):
    case, proposal = proposed_case(network, django_capture_on_commit_callbacks)
    client = login("town_intake")
    content = page(client, case)
    button = content.index('id="accept-proposal"')
    accept = content[content.rindex("<form", 0, button):button]
    assert reverse("workbench:move", args=[case.pk, Move.TRIAGE]) in accept
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', accept))

    response = client.post(reverse("workbench:move", args=[case.pk, Move.TRIAGE]), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.TRIAGED
    assert (case.category, case.field, case.complexity, case.risk) == (
        proposal.category, proposal.field, proposal.complexity, proposal.risk,
    )
    decision = TriageDecision.objects.get(case=case)
    assert decision.accepted and decision.proposal == proposal
    event = case.events.get(move=Move.TRIAGE)
    assert event.payload["proposed"] == {}
    after = page(client, case)
    assert "采纳系统建议" in after and 'id="accept-proposal"' not in after, "accepting is offered once"


def test_a_change_is_recorded_against_what_was_proposed(network, login, django_capture_on_commit_callbacks):
    case, proposal = proposed_case(network, django_capture_on_commit_callbacks)
    client = login("town_intake")
    data = {"triage-proposal": proposal.pk, "triage-category": "物业", "triage-field": proposal.field,
            "triage-complexity": proposal.complexity, "triage-risk": proposal.risk}

    client.post(reverse("workbench:move", args=[case.pk, Move.TRIAGE]), data)

    event = case.events.get(move=Move.TRIAGE)
    assert event.payload["category"] == "物业" and event.payload["proposed"] == {"category": proposal.category}
    assert TriageDecision.objects.get(case=case).differs == ["category"]
    timeline = page(client, case).split('class="timeline"')[1]
    assert f"系统建议</dt><dd>纠纷类型 {proposal.get_category_display()}" in timeline


def test_the_decision_answers_the_proposal_the_officer_saw(network, login, django_capture_on_commit_callbacks):
    case, seen = proposed_case(network, django_capture_on_commit_callbacks)
    newer = Proposal.objects.create(**{
        **{f.attname: getattr(seen, f.attname) for f in Proposal._meta.concrete_fields if f.name != "id"},
        "category": "物业",
    })
    data = {"triage-proposal": seen.pk, "triage-category": seen.category, "triage-field": seen.field,
            "triage-complexity": seen.complexity, "triage-risk": seen.risk}
    login("town_intake").post(reverse("workbench:move", args=[case.pk, Move.TRIAGE]), data)
    decision = TriageDecision.objects.get(case=case)
    assert decision.proposal == seen != newer and decision.accepted


def test_a_proposal_can_be_asked_for_again_and_the_panel_shows_it(
    network, login, django_capture_on_commit_callbacks
):
    case, first = proposed_case(network, django_capture_on_commit_callbacks)
    client = login("town_coordinator")

    response = client.post(reverse("workbench:request_proposal", args=[case.pk]), headers=HTMX)

    again = Proposal.objects.exclude(pk=first.pk).get(case=case)
    assert again.trigger == Proposal.Trigger.ON_DEMAND and again.requested_by == network.user("town_coordinator")
    # Tasks run at once in tests: the panel that comes back waits once more, then shows the new proposal.
    assert 'hx-trigger="every 2s"' in response.content.decode()
    panel = client.get(reverse("workbench:proposal", args=[case.pk]), {"after": first.pk, "since": 0}).content
    assert b"every 2s" not in panel and localtime(again.created_at).strftime("%H:%M").encode() in panel


def test_a_mediator_may_not_ask_for_a_proposal(network, login, django_capture_on_commit_callbacks):
    case, _ = proposed_case(network, django_capture_on_commit_callbacks)
    client = login("town_mediator")
    assert "生成系统建议" not in page(client, case) and "重新生成建议" not in page(client, case)
    assert client.post(reverse("workbench:request_proposal", args=[case.pk])).status_code == 403
    assert Proposal.objects.filter(case=case).count() == 1


def test_a_new_case_waits_for_its_proposal_and_stops_waiting_after_a_minute(network, login):
    case = register(network)  # not committed: the proposal was never queued
    client = login("town_intake")
    assert 'hx-trigger="every 2s"' in page(client, case)
    case.registered_at = case.registered_at.replace(year=2020)
    case.save(update_fields=["registered_at"])
    late = client.get(reverse("workbench:proposal", args=[case.pk]), {"after": 0, "since": 1}).content.decode()
    assert "every 2s" not in late and "请稍后刷新页面" in late and "生成系统建议" in late


def test_the_proposed_articles_link_to_the_library_with_the_words_that_matched(network, login, law_library):
    from jiefen.triage.proposals import propose

    case = register(network, description="楼上住户夜间装修噪音，多次协商未果。")
    proposal = propose(case, actor=network.user("town_intake"))
    content = page(login("town_intake"), case)
    first = proposal.statutes[0]
    short, number = first["citation"].removesuffix("条").split(":第")
    assert reverse("workbench:law_article", args=[short, int(number)]) in content
    assert "匹配的词语： " + "、".join(first["matched"]) in content
