"""The demo cases: each scenario registered and moved through the real services, on a simulated clock.

Cases are registered in the order of their (simulated) arrival so that case numbers follow time; every move
goes through ``perform_move`` with the data a careful user would type, by the user whose post allows it.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from jiefen.cases.groups import claimant_parties, record_outcomes_in_bulk
from jiefen.cases.models import Case
from jiefen.cases.moves import perform_move
from jiefen.cases.services import register_case
from jiefen.cases.workflow import CLAIMANT_OUTCOME, Move
from jiefen.core.calendar import is_working_day
from jiefen.core.models import CalendarDay
from jiefen.demo.clock import simulated_clock
from jiefen.demo.network import DemoNetwork
from jiefen.demo.people import People
from jiefen.demo.scenarios import SCENARIOS, Body, Person, Scenario, Step
from jiefen.regions.models import Region
from jiefen.regions.names import village_short_name
from jiefen.triage.models import Proposal
from jiefen.triage.proposals import propose

SEED = 2026
OPENS, CLOSES = datetime.time(8, 30), datetime.time(17, 30)


@dataclass
class Plan:
    scenario: Scenario
    registered_at: datetime.datetime
    step_times: list[datetime.datetime]


def office_time(day: datetime.date, rng: random.Random, tz, special: dict) -> datetime.datetime:
    """A time in office hours on ``day``, or on the last working day before it."""
    while not is_working_day(day, special):  # the windows are open on working days
        day -= datetime.timedelta(days=1)
    minutes = rng.randrange(0, 8 * 60)
    return datetime.datetime.combine(day, OPENS, tzinfo=tz) + datetime.timedelta(minutes=minutes)


def _next_office_moment(moment: datetime.datetime, rng: random.Random, special: dict) -> datetime.datetime:
    """``moment`` if the office is open then, else a time early in the next opening."""
    local = timezone.localtime(moment)
    if OPENS <= local.time() <= CLOSES and is_working_day(local.date(), special):
        return moment
    day = local.date() + datetime.timedelta(days=1) if local.time() > CLOSES else local.date()
    while not is_working_day(day, special):
        day += datetime.timedelta(days=1)
    start = datetime.datetime.combine(day, OPENS, tzinfo=local.tzinfo)
    return start + datetime.timedelta(minutes=rng.randrange(0, 120))


def plan_times(scenarios: list[Scenario], real_now: datetime.datetime, rng: random.Random) -> list[Plan]:
    """When each case came in and when each of its moves was made: in office hours, never in the future.

    A scenario's ``days_ago`` picks the day (the working day before it if it is a weekend or holiday), and the
    time of day is drawn from office hours. The moves follow at intervals of half an hour to a day, on working
    days; for a case that came in today they are squeezed into the time left.
    """
    plans = []
    local_now = timezone.localtime(real_now)
    horizon = local_now.date() - datetime.timedelta(days=max(s.days_ago for s in scenarios) + 30)
    special = dict(CalendarDay.objects.filter(date__gte=horizon).values_list("date", "kind"))
    for scenario in scenarios:
        latest = real_now - datetime.timedelta(minutes=15 * (len(scenario.steps) + 1))
        day = local_now.date() - datetime.timedelta(days=int(scenario.days_ago))
        registered = office_time(day, rng, local_now.tzinfo, special)
        while registered > latest:
            day -= datetime.timedelta(days=1)
            registered = office_time(day, rng, local_now.tzinfo, special)
        times, moment = [], registered
        for index, _step in enumerate(scenario.steps):
            candidate = _next_office_moment(moment + datetime.timedelta(hours=rng.uniform(0.5, 24)), rng, special)
            remaining = len(scenario.steps) - index
            if candidate > real_now - datetime.timedelta(minutes=5 * remaining):
                candidate = moment + (real_now - moment) / (remaining + 1)
            moment = candidate
            times.append(moment)
        plans.append(Plan(scenario, registered, times))
    plans.sort(key=lambda plan: plan.registered_at)
    return plans


class CaseBuilder:
    def __init__(self, network: DemoNetwork, seed: int = SEED):
        self.network = network
        self.rng = random.Random(seed)
        self.people = People(seed)
        codes = {scenario.place for scenario in SCENARIOS}
        self.places = {region.code: region for region in Region.objects.filter(code__in=codes)}
        self.addresses = _full_names(codes)
        self.built: dict[str, tuple[Case, list[dict]]] = {}
        self.finished: dict[str, datetime.datetime] = {}

    def build(self, real_now: datetime.datetime | None = None) -> list[Case]:
        real_now = real_now or timezone.now()
        plans = plan_times(SCENARIOS, real_now, self.rng)
        cases = []
        with simulated_clock(plans[0].registered_at) as clock:
            for plan in plans:
                clock.set(plan.registered_at)
                case, names = self.register(plan.scenario)
                previous = plan.registered_at
                for step, moment in zip(plan.scenario.steps, plan.step_times, strict=True):
                    if step.move == Move.MERGE:
                        # After the last move on the case it joins, so that case's timeline stays in order.
                        moment = max(moment, self.finished[step.data["into"]] + datetime.timedelta(minutes=1))
                    clock.set(moment)
                    if step.move == CLAIMANT_OUTCOME:
                        self.record_outcomes(case, step)
                    else:
                        data = self.move_data(case, plan.scenario, step, names, previous, moment)
                        case = perform_move(case, step.move, self.network.users[step.actor], data)
                    previous = moment
                self.finished[plan.scenario.key] = previous
                cases.append(case)
        return cases

    def register(self, scenario: Scenario) -> tuple[Case, dict[str, str]]:
        place = self.places[scenario.place]
        if scenario.repeats:
            applicant, respondent = self.built[scenario.repeats][1]
        else:
            applicant = self.party("applicant", scenario.applicant, scenario.place)
            respondent = self.party("respondent", scenario.respondent, scenario.place)
        names = {"a": applicant["name"], "b": respondent["name"]}
        claimants = self.claimants(scenario, applicant)
        case = register_case(
            actor=self.network.users[scenario.by],
            handling_org=self.network.orgs[scenario.org],
            place=place,
            summary=scenario.summary,
            description=scenario.description.format(**names),
            claims=scenario.claims.format(**names),
            amount=Decimal(scenario.amount) if scenario.amount is not None else None,
            parties=[applicant, *claimants, respondent],
            is_group=bool(scenario.claimed),
        )
        # The proposal the background worker would make a moment later, made here so that the demo's triage
        # decisions answer it (the queued task finds it made and does nothing).
        propose(case, actor=self.network.users[scenario.by], trigger=Proposal.Trigger.REGISTRATION)
        self.built[scenario.key] = (case, [applicant, respondent])
        return case, names

    def claimants(self, scenario: Scenario, representative: dict) -> list[dict]:
        """The other claimants of a group dispute, workers from across the county; the representative's own claim
        is set on ``representative``."""
        if not scenario.claimed:
            return []
        representative.update(is_representative=True, claimed_amount=Decimal(scenario.claimed[0]))
        return [
            {**self.party("applicant", Person("m", (1965, 1995)), scenario.place), "claimed_amount": Decimal(amount)}
            for amount in scenario.claimed[1:]
        ]

    def record_outcomes(self, case: Case, step: Step) -> None:
        first, last = step.data["claimants"]
        amount = step.data["amount"]
        record_outcomes_in_bulk(
            case, list(claimant_parties(case))[first - 1:last], step.data["outcome"],
            Decimal(amount) if amount is not None else None, step.data["note"], self.network.users[step.actor],
        )

    def party(self, role: str, who: Person | Body, place: str) -> dict:
        area = place[:6]
        address = self.addresses[place]
        if isinstance(who, Body):
            return {
                "role": role, "kind": "organisation", "name": who.name,
                "id_number": self.people.credit_code(area, who.kind),
                "phone": f"0518-8{self.rng.randrange(10**6, 10**7)}",
                "address": f"{address}{self.rng.choice(['朝阳路', '解放路', '海连路', '通灌路', '幸福路'])}"
                f"{self.rng.randrange(1, 300)}号",
            }
        if address.endswith("村"):
            detail = f"{self.rng.randrange(1, 12)}组{self.rng.randrange(1, 80)}号"
        else:
            detail = f"{self.rng.randrange(1, 30)}号楼{self.rng.randrange(1, 6)}单元{self.rng.randrange(1, 7)}0" \
                     f"{self.rng.randrange(1, 4)}室"
        return {
            "role": role, "kind": "person", "name": self.people.name(who.sex),
            "id_number": self.people.resident_id(area, who.sex, who.born),
            "phone": self.people.mobile(),
            "address": address + detail,
        }

    def move_data(self, case: Case, scenario: Scenario, step: Step, names: dict, previous, moment) -> dict:
        passed = (
            "reason", "method", "record", "mode", "attendees", "applicant_record", "respondent_record", "cause",
            "undisputed_facts", "disputed_points", "findings", "termination_reasons",
        )
        data = {key: value for key, value in step.data.items() if key in passed}
        if step.move == Move.TRIAGE:
            data.update(zip(("category", "field", "complexity"), scenario.triage, strict=True))
        elif step.move == Move.ASSIGN:
            mediator = self.network.mediators[step.data["mediator"]]
            data.update(organisation=mediator.organisation_id, mediator=mediator.pk)
        elif step.move == Move.TRANSFER:
            data.update(organisation=self.network.orgs[step.data["agency"]].pk)
        elif step.move == Move.RECORD_SESSION:
            office_opens = timezone.localtime(moment).replace(hour=8, minute=30)
            held = max(previous, office_opens, moment - datetime.timedelta(minutes=self.rng.randrange(40, 150)))
            # Never after the move itself: before office hours (a run in the small hours) the clamp would put the
            # session in the future, which the session form refuses.
            held = min(held, moment)
            mediator = case.mediator
            data.update(
                held_at=timezone.localtime(held).strftime("%Y-%m-%d %H:%M"),
                place=f"{mediator.organisation.name}调解室",
                participants=f"申请人{names['a']}，被申请人{names['b']}，调解员{mediator.name}",
            )
        elif step.move == Move.MERGE:
            data.update(into=self.built[step.data["into"]][0].number)
        elif step.move == Move.AGREE:
            data.update(
                facts=step.data["facts"], terms=step.data["terms"], performance=step.data["performance"],
                signed_on=timezone.localdate().isoformat(),
            )
        return data


def _full_names(codes: set[str]) -> dict[str, str]:
    """``320706001001`` → 连云港市海州区朐阳街道西门社区, for addresses."""
    wanted = set()
    for code in codes:
        wanted |= {code[:4].ljust(12, "0"), code[:6].ljust(12, "0"), code[:9].ljust(12, "0"), code}
    names = dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
    return {
        code: names[code[:4].ljust(12, "0")] + names[code[:6].ljust(12, "0")] + names[code[:9].ljust(12, "0")]
        + village_short_name(names[code])
        for code in codes
    }


def build_cases(network: DemoNetwork, real_now: datetime.datetime | None = None) -> list[Case]:
    return CaseBuilder(network).build(real_now)
