"""The demo's notarial enforcement, through the real services on the simulated clock: the cousins' loan agreement
(the debtor accepts compulsory enforcement) is confirmed by both on the portal the day after it was signed, and the
township mediator hands it to the city's notary office, which works on the platform: its clerk ``notary_clerk`` has
the request waiting on the queue, and the township coordinator sees it waiting in /supervision/.
"""

from jiefen.agreements import services as agreements
from jiefen.agreements.models import NotarialRequest
from jiefen.cases.models import Case
from jiefen.demo.clock import simulated_clock
from jiefen.demo.followups import Days, codes_read_from_the_phones, confirm_on_the_portal
from jiefen.demo.network import DemoNetwork
from jiefen.demo.scenarios import NOTARY, SCENARIOS

LOAN = "cousin-loan"


def build_notarisation(network: DemoNetwork) -> NotarialRequest:
    summary = next(scenario.summary for scenario in SCENARIOS if scenario.key == LOAN)
    case = Case.objects.get(summary=summary)
    days = Days(case)
    with simulated_clock(days.at(1)) as clock, codes_read_from_the_phones():
        confirm_on_the_portal(case.current_agreement())
        clock.set(days.at(1, 90))
        return agreements.request_notarisation(
            case, network.users["town_mediator"], notary=network.orgs[NOTARY], undertaking=True,
        )
