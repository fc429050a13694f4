"""Who fits a case: the candidate mediators an assigning officer sees, and the conflicts of interest to warn of.

A candidate shows whether their specialties cover the case's category, their grade and the level of their
organisation, how many open cases they carry, whether they are away or on duty today, and every possible conflict
of interest: a party the mediator declared as a relation, a party bearing the mediator's own name, or an
organisation party that is the mediator's work unit (by name or address). A conflict does not forbid the
assignment; it needs a reason, which the assignment's event records (``cases.moves.AssignForm``).
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import ENDED_STATES, Case, Party
from jiefen.core.taxonomy import LEVEL_RANK, Channel
from jiefen.orgs.models import Mediator, MediatorDuty

GRADE_RANK = {Mediator.Grade.CHIEF: 0, Mediator.Grade.SENIOR: 1, Mediator.Grade.ORDINARY: 2}
# A work unit this short ("公司", "村委") names no one in particular: it is matched whole, never inside a name.
MIN_UNIT_IN_NAME = 4
_NOISE = re.compile(r"[\s　,，.。;；:：、()（）\-—]+")


def _norm(text: str) -> str:
    return _NOISE.sub("", text or "").lower()


def conflicts_of(mediator: Mediator, parties) -> list[str]:
    """Why ``mediator`` may not be impartial towards ``parties`` (each reason a sentence), or []."""
    reasons = []
    relations = {_norm(line) for line in (mediator.relations or "").splitlines() if _norm(line)}
    unit, unit_address = _norm(mediator.work_unit), _norm(mediator.work_unit_address)
    own_name = _norm(mediator.name)
    for party in parties:
        name = _norm(party.name)
        if not name:
            continue
        if name in relations:
            reasons.append(_("%(party)s is among the relations the mediator declared.") % {"party": party.name})
        if name == own_name:
            reasons.append(_("%(party)s bears the mediator's own name.") % {"party": party.name})
        if party.kind != Party.Kind.ORGANISATION:
            continue
        same_name = unit and (
            name == unit or (len(unit) >= MIN_UNIT_IN_NAME and (unit in name or name in unit))
        )
        if same_name:
            reasons.append(_("%(party)s is the mediator's work unit (%(unit)s).")
                           % {"party": party.name, "unit": mediator.work_unit})
        elif unit_address and _norm(party.address) == unit_address:
            reasons.append(_("%(party)s is at the address of the mediator's work unit.") % {"party": party.name})
    return reasons


@dataclass
class Candidate:
    mediator: Mediator
    specialty_match: bool
    load: int
    on_duty: bool
    away: bool
    conflicts: list[str] = field(default_factory=list)

    @property
    def organisation(self):
        return self.mediator.organisation

    @property
    def available(self) -> bool:
        return not self.away


def open_load():
    """Annotation: the mediator's cases still open (not closed, not ended)."""
    return Count("cases", filter=~Q(cases__state__in=ENDED_STATES), distinct=True)


def candidates(case: Case, actor, *, day=None) -> list[Candidate]:
    """The active mediators of the organisations ``actor`` may assign ``case`` to, best fit first: no conflict,
    not away, on duty for a walk-in, a specialty covering the category, the lightest load, the higher grade."""
    from jiefen.cases.moves import assignable_organisations  # the same organisations the assignment accepts

    day = day or timezone.localdate()
    mediators = (
        Mediator.objects.filter(organisation__in=assignable_organisations(case, actor), is_active=True)
        .select_related("organisation")
        .annotate(
            load=open_load(),
            on_duty=Exists(MediatorDuty.objects.filter(mediator=OuterRef("pk"), day=day)),
        )
    )
    parties = list(case.parties.only("name", "kind", "address"))
    rows = [
        Candidate(
            mediator=mediator,
            specialty_match=bool(case.category) and case.category in (mediator.specialties or []),
            load=mediator.load, on_duty=mediator.on_duty, away=mediator.is_away(day),
            conflicts=conflicts_of(mediator, parties),
        )
        for mediator in mediators
    ]
    walk_in = case.channel == Channel.WINDOW
    rows.sort(key=lambda c: (
        bool(c.conflicts), c.away, not (walk_in and c.on_duty), not c.specialty_match, c.load,
        GRADE_RANK.get(c.mediator.grade, 9), LEVEL_RANK.get(c.organisation.level, 9), c.mediator.name,
    ))
    return rows


def on_duty_today(user, day=None) -> Mediator | None:
    """The user's own registry entry when they are a duty mediator today (值班调解员), else None."""
    day = day or timezone.localdate()
    return Mediator.objects.filter(user=user, is_active=True, duty_days__day=day).select_related(
        "organisation").first()
