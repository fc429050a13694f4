"""Assignment fit: candidates with specialty, grade, load, duty and absence; conflicts of interest need a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiefen.cases.models import CaseEvent, State
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import Move
from jiefen.mediation.fit import candidates, conflicts_of
from jiefen.orgs.models import Mediator, MediatorDuty
from jiefen.testing import case_in_state, register

pytestmark = pytest.mark.django_db


def test_conflicts_from_declared_relations_and_the_work_unit():
    mediator = Mediator(name="王调解", relations="李四\n 张 三 的表哥\n", work_unit="宏达建筑",
                        work_unit_address="海州区通灌路8号")
    from jiefen.cases.models import Party

    parties = [
        Party(name="李四", kind="person"),
        Party(name="连云港市宏达建筑工程有限公司", kind="organisation"),
        Party(name="某物业公司", kind="organisation", address="海州区 通灌路8号"),
        Party(name="赵五", kind="person", address="海州区通灌路8号"),  # a person at that address: not a unit
    ]
    reasons = conflicts_of(mediator, parties)
    assert len(reasons) == 3
    assert "李四" in reasons[0] and "宏达建筑" in reasons[1] and "某物业公司" in reasons[2]
    assert conflicts_of(Mediator(name="王调解", work_unit="公司"), [Party(name="某公司", kind="organisation")]) == []


def test_candidates_rank_fit_first_and_show_load_duty_and_absence(network):
    # 邻里, at the township centre, accepted: the town intake officer assigns it there or to one of its stations
    case = case_in_state(network, State.ACCEPTED, org_code="320706001")
    intake = network.user("town_intake")
    town = network.mediators["town_mediator"]
    town.specialties = ["劳动争议"]
    town.save()
    village = network.mediators["village_a"]
    case_in_state(network, State.ASSIGNED)  # one open case for village_a (the builders' mediator)
    rows = candidates(case, intake)
    by_name = {row.mediator.name: row for row in rows}
    assert by_name["王调解"].specialty_match and by_name["王调解"].load == 1
    assert not by_name["周调处"].specialty_match and by_name["周调处"].load == 0
    # The specialty first, then the lighter load: 李调解 (邻里, none open), 王调解 (邻里, one open), 周调处 (劳动争议).
    assert [row.mediator.name for row in rows] == ["李调解", "王调解", "周调处"]

    village.away_until = timezone.localdate()
    village.save()
    rows = candidates(case, intake)
    assert rows[-1].mediator == village and rows[-1].away

    MediatorDuty.objects.create(mediator=town, day=timezone.localdate())
    rows = candidates(case, intake)
    assert rows[0].mediator == town and rows[0].on_duty  # a walk-in (window) case: the duty mediator first


def test_a_conflicted_mediator_needs_a_reason_which_the_event_records(network):
    case = case_in_state(network, State.ACCEPTED)
    mediator = network.mediators["village_a"]
    mediator.relations = "李四"
    mediator.save()
    data = {"organisation": mediator.organisation_id, "mediator": mediator.pk}
    with pytest.raises(ValidationError) as refused:
        perform_move(case, Move.ASSIGN, network.user("town_intake"), data)
    assert "conflict_reason" in refused.value.message_dict
    assert "李四" in refused.value.message_dict["conflict_reason"][0]

    case = perform_move(case, Move.ASSIGN, network.user("town_intake"),
                        {**data, "conflict_reason": "本社区仅此一名调解员，双方均同意。"})
    event = CaseEvent.objects.filter(case=case, move=Move.ASSIGN).last()
    assert event.payload["conflict_reason"] == "本社区仅此一名调解员，双方均同意。"
    assert any("李四" in reason for reason in event.payload["conflicts"])
    assert candidates(register(network), network.user("town_intake"))  # no crash before triage


def test_the_candidates_panel_offers_assignment_and_the_duty_mediator_takes_it_on_the_spot(network, login):
    case = case_in_state(network, State.ACCEPTED, org_code="320706001")
    town = network.mediators["town_mediator"]
    MediatorDuty.objects.create(mediator=town, day=timezone.localdate())
    page = login("town_mediator").get(f"/cases/{case.pk}/")
    html = page.content.decode()
    assert 'id="candidates"' in html and 'id="on-duty"' in html
    response = login("town_mediator").post(f"/cases/{case.pk}/moves/assign/", {
        "assign-organisation": town.organisation_id, "assign-mediator": town.pk,
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ASSIGNED and case.mediator == town
    assert 'id="candidates"' not in login("village_a").get(f"/cases/{case.pk}/").content.decode()
