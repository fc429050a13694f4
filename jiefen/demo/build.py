"""``load_demo`` in one function: regions, network, people and cases, each step creating only what is missing."""

from dataclasses import dataclass, field

from django.db import transaction

from jiefen.cases.models import Case
from jiefen.demo.cases import build_cases
from jiefen.demo.field import build_field_reports
from jiefen.demo.followups import build_performance_schedule
from jiefen.demo.network import USERNAMES, USERS, build_organisations, build_people
from jiefen.demo.notarisation import build_notarisation
from jiefen.demo.portal import build_portal_case
from jiefen.demo.referrals import build_referrals
from jiefen.demo.respondent import build_respondent_clock
from jiefen.demo.sessions import build_sessions
from jiefen.demo.supervision import build_supervision
from jiefen.orgs.models import Staff
from jiefen.regions.management import divisions


@dataclass
class DemoResult:
    already_present: bool
    regions: divisions.LoadResult | None = None
    organisations: int = 0
    cases: list = field(default_factory=list)


def demo_present() -> bool:
    """The marker: the demo's cases are the last thing it builds, in the same transaction as everything else."""
    return Case.objects.filter(registered_by__username__in=USERNAMES).exists()


def load_demo() -> DemoResult:
    if demo_present():
        return DemoResult(already_present=True)
    with transaction.atomic():
        regions = divisions.load_file()
        orgs = build_organisations()
        network = build_people(orgs)
        cases = build_cases(network) + build_referrals(network) + [build_portal_case(network)]
        build_field_reports(network)
        build_performance_schedule(cases)
        build_respondent_clock(cases)
        build_supervision(network)
        build_notarisation(network)
        build_sessions(network, cases)
    return DemoResult(already_present=False, regions=regions, organisations=len(orgs), cases=cases)


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, full name, organisation, post) of every demo user, in the order of ``network.USERS``."""
    staff = {
        member.user.username: member
        for member in Staff.objects.filter(user__username__in=USERNAMES).select_related("user", "organisation")
    }
    return [
        (username, staff[username].user.get_full_name(), staff[username].organisation.name,
         str(staff[username].get_post_display()))
        for username, *_rest in USERS
        if username in staff
    ]
