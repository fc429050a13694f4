"""The supervision list's second half: the agreements of the jurisdiction's cases that wait for a notary office
(requested or accepted, no certificate or refusal yet) or a court (the application for judicial confirmation filed or
accepted, not yet ruled on), with the day each was handed over, how long it has waited, by when the law expects the
answer (``jiefen.agreements.waiting``), and its urges."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.agreements.models import CourtApplication, NotarialRequest
from jiefen.agreements.waiting import Due, answer_due, handed_over_on, last_step_on
from jiefen.core.calendar import WorkingDays
from jiefen.orgs.jurisdiction import jurisdiction_q, staff_of
from jiefen.orgs.models import Organisation
from jiefen.supervision import agencies, matters
from jiefen.supervision.models import Urge
from jiefen.supervision.services import may_supervise

N, C = NotarialRequest.Status, CourtApplication.Status
# status filter of the list → the statuses shown
STATUSES = {
    matters.NOTARIAL: {"open": NotarialRequest.OPEN, "done": (N.NOTARISED, N.REFUSED), "": tuple(N.values)},
    matters.COURT: {
        "open": CourtApplication.WITH_THE_COURT, "done": (C.CONFIRMED, C.REFUSED, C.WITHDRAWN),
        "": tuple(s for s in C.values if s != C.PREPARED),
    },
}
MODELS = {matters.NOTARIAL: (NotarialRequest, "notary"), matters.COURT: (CourtApplication, "court")}
KIND_OF_AGENCY = {Organisation.Kind.NOTARY: matters.NOTARIAL, Organisation.Kind.COURT: matters.COURT}


@dataclass(frozen=True)
class Waiting:
    kind: str
    row: NotarialRequest | CourtApplication
    due: Due | None
    today: datetime.date

    @property
    def case(self):
        return self.row.case

    @property
    def agency(self) -> Organisation:
        return getattr(self.row, MODELS[self.kind][1])

    @property
    def is_open(self) -> bool:
        return self.row.status in STATUSES[self.kind]["open"]

    @property
    def handed_over_on(self) -> datetime.date:
        return handed_over_on(self.row)

    @property
    def last_step_on(self) -> datetime.date:
        return last_step_on(self.row)

    @property
    def waited_days(self) -> int:
        """Days from the hand-over to today, or to the result once it came."""
        end = self.today if self.is_open else self.last_step_on
        return (end - self.handed_over_on).days

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due is not None and self.due.on < self.today


def supervised_agreements(user, *, status: str = "open", agency_kind: str = "", agency=None, overdue: bool = False,
                          urges_overdue: bool = False, text: str = "",
                          today: datetime.date | None = None) -> list[Waiting]:
    """The notarial requests and judicial confirmation applications of the cases of ``user``'s jurisdiction, with
    the list's filters (as ``services.supervised_cases`` takes them): the answer due soonest first, those the law
    sets no time last, then the longest waiting."""
    if not may_supervise(staff_of(user)):
        raise PermissionDenied(_("Only coordinators and leaders see the supervision list."))
    today = today or timezone.localdate()
    kinds = [matters.NOTARIAL, matters.COURT]
    if agency_kind:
        kinds = [KIND_OF_AGENCY[agency_kind]] if agency_kind in KIND_OF_AGENCY else []
    if agency is not None:
        kinds = [kind for kind in kinds if KIND_OF_AGENCY.get(agency.kind) == kind]
    calendar = WorkingDays()
    found = []
    for kind in kinds:
        model, agency_field = MODELS[kind]
        rows = model.objects.filter(jurisdiction_q(user, "case__handling_org"), status__in=STATUSES[kind][status])
        if agency is not None:
            rows = rows.filter(**{agency_field: agency})
        if text:
            rows = rows.filter(Q(case__number__icontains=text) | Q(case__summary__icontains=text))
        late = agencies.unanswered(
            Urge.objects.filter(**{matters.LINK_FIELD[kind]: OuterRef("pk")}, reply_by__lt=today)
        ).order_by("reply_by")
        rows = rows.annotate(
            urge_count=Count("urges", distinct=True), last_urged_at=Max("urges__at"),
            last_answer_at=Max("agency_answers__at"),
            urge_overdue_since=Subquery(late.values("reply_by")[:1]),
        )
        if urges_overdue:
            rows = rows.filter(urge_overdue_since__isnull=False)
        found += [
            Waiting(kind, row, answer_due(row, calendar) if row.status in STATUSES[kind]["open"] else None, today)
            for row in rows.select_related("case", agency_field)
        ]
    if overdue:
        found = [waiting for waiting in found if waiting.overdue]
    return sorted(found, key=lambda w: (w.due.on if w.due else datetime.date.max, w.handed_over_on, w.row.pk))
