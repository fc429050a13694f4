"""The satisfaction rate of the follow-up visits (requirement E6): visits satisfied or very satisfied (4 or 5 of 5)
of the visits recorded, per case on the case page, and per organisation and mediator among the figures."""

from jiefen.cases.models import State
from jiefen.followups import services
from jiefen.followups.models import Keeping, Visit
from jiefen.followups.tests.test_followups import due_now
from jiefen.portal.services import citizen_for
from jiefen.testing import case_in_state


def answered(network, scores, **register_kwargs):
    """A closed case whose follow-ups were answered with these satisfaction scores, in order of their days."""
    case = case_in_state(network, State.CLOSED, **register_kwargs)
    due_now(case)
    for follow_up, score in zip(case.follow_ups.order_by("days_after"), scores, strict=False):
        services.record_visit(follow_up, network.user("village_a"), method=Visit.Method.PHONE, satisfaction=score,
                              keeping=Keeping.YES)
    return case


def test_the_rate_of_a_case(network):
    case = answered(network, [5, 4, 2])
    assert services.satisfaction_rate(case) == services.Satisfaction(2, 3)
    assert services.satisfaction_rate(case).percent == 67
    assert services.satisfaction_rate(case_in_state(network, State.CLOSED)).percent is None


def test_the_figures_count_every_visit_of_the_mediator_and_the_organisation(network):
    answered(network, [5, 3])
    other = answered(network, [4])
    services.record_visit(other.follow_ups.get(days_after=30), citizen_for("13812345678"), method="portal",
                          satisfaction=1, keeping="no")
    figures = services.figures(network.user("county_coordinator"))
    assert figures["mediators"] == [("王调解", None, services.Satisfaction(2, 4))]
    assert figures["organisations"][0].satisfaction == services.Satisfaction(2, 4)
    assert figures["organisations"][0].performance is None  # no schedule of performance: nothing due
    assert services.figures(network.user("other_county_coordinator")) == {"organisations": [], "mediators": []}


def test_the_case_page_and_the_figures_page_show_it(network, login):
    case = answered(network, [5, 2])
    page = login("village_a").get(f"/cases/{case.pk}/").content.decode()
    assert 'id="satisfaction-rate"' in page and "50%" in page
    figures = login("county_coordinator").get("/follow-ups/figures/").content.decode()
    assert 'data-satisfaction="50"' in figures and "王调解" in figures
