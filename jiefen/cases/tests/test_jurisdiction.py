"""A user sees their organisation's subtree and nothing else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jiefen.cases.models import Case, Party, State
from jiefen.cases.moves import move_form, perform_move
from jiefen.cases.services import access_case
from jiefen.cases.workflow import Move
from jiefen.orgs.models import Staff
from jiefen.testing import case_in_state, move_data, register


@pytest.fixture
def two_villages(network):
    return register(network, org_code="320706001001"), register(network, org_code="320706001002")


def test_a_village_mediator_sees_only_their_own_village(network, two_villages):
    mine, theirs = two_villages
    village_a = network.user("village_a")

    assert list(Case.objects.visible_to(village_a)) == [mine]
    assert set(Party.objects.visible_to(village_a)) == set(mine.parties.all())
    assert access_case(village_a, mine.pk) == mine
    with pytest.raises(Http404):
        access_case(village_a, theirs.pk)


def test_a_county_coordinator_sees_every_village_of_the_county_and_not_the_next_county(network, two_villages):
    other_county_case = register(network, org_code="320703001", actor="other_county_coordinator")

    visible = set(Case.objects.visible_to(network.user("county_coordinator")))

    assert visible == set(two_villages)
    assert other_county_case not in visible
    assert set(Case.objects.visible_to(network.user("city_leader"))) == {*two_villages, other_county_case}


def test_people_without_a_post_see_nothing(network, two_villages):
    assert not Case.objects.visible_to(network.user("citizen")).exists()
    assert not Staff.objects.visible_to(network.user("citizen")).exists()


def test_staff_lists_are_scoped_too(network):
    seen = set(Staff.objects.visible_to(network.user("village_a")).values_list("user__username", flat=True))

    assert seen == {"village_a", "village_grid"}


def test_a_move_on_another_villages_case_is_not_found(network, two_villages):
    _mine, theirs = two_villages

    with pytest.raises(Http404):
        perform_move(theirs, Move.TRIAGE, network.user("village_a"), move_data(network, theirs, Move.TRIAGE))


def test_nobody_registers_a_case_for_an_organisation_outside_their_subtree(network):
    with pytest.raises(PermissionDenied):
        register(network, org_code="320706001002", actor="village_a")


def test_a_village_case_is_assigned_within_its_village(network):
    case = case_in_state(network, State.ACCEPTED)
    form = move_form(case, Move.ASSIGN, network.user("town_intake"))

    assert {org.code for org in form.fields["organisation"].queryset} == {"320706001001"}
    assert {m.user.username for m in form.fields["mediator"].queryset} == {"village_a"}


def test_a_township_case_goes_to_the_township_or_one_of_its_own_villages(network):
    case = case_in_state(network, State.ACCEPTED, org_code="320706001")
    form = move_form(case, Move.ASSIGN, network.user("county_coordinator"))

    assert {org.code for org in form.fields["organisation"].queryset} == {"320706001", "320706001001", "320706001002"}
    assert "village_c" not in {m.user.username for m in form.fields["mediator"].queryset}


def test_a_crafted_assignment_outside_the_subtree_is_refused(network):
    case = case_in_state(network, State.ACCEPTED, org_code="320706001")
    data = {"organisation": network.orgs["320706002001"].pk, "mediator": network.mediators["village_c"].pk}

    with pytest.raises(ValidationError) as raised:
        perform_move(case, Move.ASSIGN, network.user("town_intake"), data)

    assert {"organisation", "mediator"} <= set(raised.value.message_dict)


def test_escalation_hands_the_case_to_the_township_and_out_of_the_village(network):
    case = case_in_state(network, State.IN_MEDIATION)

    escalated = perform_move(case, Move.ESCALATE, network.user("village_a"), move_data(network, case, Move.ESCALATE))

    assert escalated.handling_org.code == "320706001"
    assert escalated.level == "township"
    assert escalated.state == State.ACCEPTED
    assert escalated.mediator is None
    assert escalated in Case.objects.visible_to(network.user("town_coordinator"))
    assert escalated not in Case.objects.visible_to(network.user("village_a"))
    assert escalated.events.last().payload == {"from": "西门社区非诉讼服务站", "to": "朐阳街道非诉讼服务中心"}
