"""Finding cases: the filters and the text search of the case list, shared by the workbench and the API.

Always applied to a queryset already narrowed by ``Case.objects.visible_to(user)``.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jiefen.cases.models import Case, Party
from jiefen.orgs.models import Organisation

# No case is older than the epoch, nor registered in the year 9999: out-of-range days are clamped to these.
EPOCH = datetime.date(1970, 1, 1)
LAST_DAY = datetime.date(9998, 12, 31)


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the user's time zone (Asia/Shanghai), not UTC's."""
    return datetime.datetime.combine(min(max(day, EPOCH), LAST_DAY), datetime.time.min, timezone.get_current_timezone())


def filter_cases(
    cases: QuerySet[Case],
    *,
    state: str = "",
    category: str = "",
    level: str = "",
    within: Organisation | None = None,
    registered_from: datetime.date | None = None,
    registered_to: datetime.date | None = None,
    text: str = "",
) -> QuerySet[Case]:
    """Narrow ``cases`` by whichever filters are given; ``within`` keeps an organisation and those under it,
    ``text`` searches the case number, the summary and the parties' names."""
    for name, value in (("state", state), ("category", category), ("level", level)):
        if value:
            cases = cases.filter(**{name: value})
    if within is not None:
        cases = cases.filter(handling_org__path__startswith=within.path)
    if registered_from:
        cases = cases.filter(registered_at__gte=_start_of(registered_from))
    if registered_to:
        cases = cases.filter(registered_at__lt=_start_of(registered_to) + datetime.timedelta(days=1))
    text = text.strip()
    if text:
        named = Party.objects.filter(case=OuterRef("pk"), name__icontains=text)
        cases = cases.filter(Q(number__icontains=text) | Q(summary__icontains=text) | Exists(named))
    return cases
