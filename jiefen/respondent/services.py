"""The clock of contact with a respondent, and what staff record about it.

- ``on_case_event`` (a ``JIEFEN_CASE_EVENT_HANDLERS`` entry) starts a case's clock when it is first assigned.
- ``steps_due(today)`` is read by the scheduler's pass (``jiefen.scheduler.services.find_due``): every active
  ``ContactStep`` whose working days have passed since the clock started, on a clock nobody has answered, of a case
  still in mediation, and not fired yet. A scheduler that was down fires every missed step, in order, on its next
  pass. Each becomes one ``Firing`` (kind ``respondent``; deadline the clock's start; stage the step's working days)
  and one ``respondent_step`` note, written once whatever the number of workers.
- ``on_fired`` does what a step does when it fires: the text-message step serves the one-time notice online on
  each respondent with a mobile number (a ``ServiceRecord`` with its token), so that the portal's notifications
  send the link and record the attempt (``StatusMessage``: sent or failed) and the portal records the reading
  (``ServiceRecord.read_at``). The other steps are tasks: the mediator's call and written notice on the queue page,
  the grid worker's home visit on /field/.
- The clock stops as soon as a respondent reads a notice served on them since it started, or staff record an
  answer or a refusal (``record_contact``). ``refresh_answers`` notices the readings before each pass.
- Every notice served on a respondent is tracked: its text message sent (or refused by the gateway), delivered (or
  not) by the gateway's receipt (``jiefen.portal.receipts``), read on the portal (``notices_to_respondents``).
- "Respondent unreachable or refuses" (the ``respondent_absent`` move) routes the applicants onward once it has
  committed (``route_onward``): the guidance on the legal paths left, with the undisputed facts the move recorded,
  served on them online, the link by text message.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import Case, FailureRecord, Party, State
from jiefen.cases.services import access_case, note_on_case
from jiefen.cases.workflow import DOCUMENT_READ, RESPONDENT_CONTACT, SERVED_ONLINE, Move
from jiefen.core.calendar import WorkingDays
from jiefen.core.validators import is_mobile
from jiefen.documents.guidance import respondent_absent
from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import serve_on_parties
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Organisation, Post, organisation_serving
from jiefen.portal.receipts import served_with_states
from jiefen.respondent.models import Action, ContactStep, RespondentClock, RespondentContact

# The clock runs while the case is with its mediator and no agreement or failure has been recorded.
CLOCK_STATES = (State.ASSIGNED, State.IN_MEDIATION)
RECORDING_POSTS = (Post.MEDIATION, Post.COORDINATION, Post.INTAKE)


def respondents(case) -> list[Party]:
    return list(Party.objects.filter(case=case, role=Party.Role.RESPONDENT).order_by("pk"))


def start_clock(case: Case, at: datetime.datetime | None = None) -> RespondentClock | None:
    """Start the case's clock (once: a reassignment does not restart it); None when it has no respondent."""
    if not Party.objects.filter(case=case, role=Party.Role.RESPONDENT).exists():
        return None
    at = at or timezone.now()
    clock, _created = RespondentClock.objects.get_or_create(
        case=case, defaults={"started_at": at, "started_on": timezone.localdate(at)}
    )
    return clock


def on_case_event(event) -> None:
    """Handler of ``settings.JIEFEN_CASE_EVENT_HANDLERS``: the first assignment starts the clock; a respondent
    reading a document served on them on the portal since it started, or taking part in a session, stops it; the
    respondent's absence routes the applicants onward."""
    if event.move == Move.ASSIGN and event.to_state == State.ASSIGNED and event.from_state != State.ASSIGNED:
        start_clock(event.case, event.at)
    elif event.move == DOCUMENT_READ:
        record = ServiceRecord.objects.filter(
            pk=(event.payload or {}).get("service_record"), party__role=Party.Role.RESPONDENT
        ).first()
        if record is not None and record.read_at is not None:
            _stop(Q(case=record.case_id, started_at__lte=record.read_at), RespondentContact.How.PORTAL,
                  record.read_at)
    elif event.move == Move.RECORD_SESSION and (event.payload or {}).get("respondent_took_part"):
        held_at = datetime.datetime.fromisoformat(event.payload["held_at"])
        _stop(Q(case=event.case_id, started_at__lte=held_at), RespondentContact.How.SESSION, held_at)
    elif event.move == Move.RESPONDENT_ABSENT:
        route_onward(event)


def onward_addressees(case) -> list[Party]:
    """Who is routed onward: the applicants; in a group dispute, the representative who speaks for the claimants."""
    applicants = Party.objects.filter(case=case, role=Party.Role.APPLICANT).order_by("pk")
    if case.is_group:
        applicants = applicants.filter(is_representative=True)
    return list(applicants)


def route_onward(event) -> list[ServiceRecord]:
    """Serve online, on each applicant with a mobile number, the guidance on the legal paths left, which carries the
    record of undisputed facts the ``respondent_absent`` move kept; the portal then texts them the link. In the name
    of the mediator who made the move. Nothing when the case has moved on since, or was served already (a repeated
    call); an applicant without a mobile number is handed the guidance at the window (the case page says so)."""
    case = Case.objects.select_related("handling_org").get(pk=event.case_id)
    if not respondent_absent(case):
        return []
    served = set(ServiceRecord.objects.filter(
        case=case, document=ServiceRecord.Document.GUIDANCE, served_at__gte=event.at
    ).values_list("party_id", flat=True))
    parties = [party for party in onward_addressees(case) if is_mobile(party.phone) and party.pk not in served]
    if not parties:
        return []
    return serve_on_parties(case, ServiceRecord.Document.GUIDANCE, parties, ServiceRecord.Method.PORTAL, event.actor)


def _stop(clock_filter: Q, how: str, at: datetime.datetime) -> int:
    return RespondentClock.objects.filter(clock_filter, answered_at__isnull=True).update(
        answered_at=at, answered_how=how
    )


def steps_due(today: datetime.date, since: datetime.date | None = None) -> list[tuple[int, datetime.date, int, int,
                                                                                       datetime.date]]:
    """(case id, clock start, step's working days, organisation id, due on) of every step due by ``today`` and not
    fired yet, each clock's in the order of its steps. With ``since`` (the scheduler's swept day), only the steps
    falling due on or after it: the earlier ones were seen by the passes that swept their days.

    A step's day moves with its clock's start (working days after it), so the clocks whose step falls in those days
    started within one range of days: each step is one read of that range of the (answered_at, started_on) index,
    anti-joined with the firings' unique index, that returns only the steps not fired."""
    from jiefen.scheduler.models import Firing

    steps = list(ContactStep.objects.filter(is_active=True).order_by("working_days").values_list(
        "working_days", "action"
    ))
    days = WorkingDays()
    found = []
    for working_days, action in steps:
        # Started at the latest on the last day whose step is on or before today (``add(start, n) < today + 1``)…
        clocks = RespondentClock.objects.filter(
            answered_at__isnull=True,
            started_on__lte=days.latest_start_passed(today + datetime.timedelta(days=1), working_days),
        )
        if since is not None:  # … and after the last day whose step came before ``since``.
            clocks = clocks.filter(started_on__gt=days.latest_start_passed(since, working_days))
        fired = Firing.objects.filter(case=OuterRef("case"), kind=Firing.Kind.RESPONDENT,
                                      deadline=OuterRef("started_on"), stage=working_days)
        found += [
            (case_id, started_on, working_days, action)
            for case_id, started_on in clocks.filter(~Exists(fired)).order_by().values_list("case_id", "started_on")
        ]
    if not found:
        return []
    # The cases in a second query by their keys: a join would let the planner read every case in mediation.
    orgs = dict(Case.objects.filter(pk__in={f[0] for f in found}, state__in=CLOCK_STATES).order_by().values_list(
        "pk", "handling_org_id"
    ))
    visited = {case_id for case_id, _start, _n, action in found if action == Action.VISIT and case_id in orgs}
    places = Case.objects.select_related("place").in_bulk(visited) if visited else {}
    return [
        (case_id, start, working_days,
         visit_station(places[case_id]).pk if action == Action.VISIT else orgs[case_id], days.add(start, working_days))
        for case_id, start, working_days, action in found
        if case_id in orgs
    ]


def step_action(stage: int) -> str:
    return ContactStep.objects.filter(working_days=stage).values_list("action", flat=True).first() or ""


def note_for(case_id: int, started_on: datetime.date, stage: int, organisation: str) -> tuple[str, dict]:
    """The timeline note of a step fired: what must be done, by whom (in the language of the record)."""
    action = step_action(stage)
    reasons = {
        Action.SMS: _("The respondent has not answered: the one-time notice is served online with a text message."),
        Action.CALL: _("The respondent has not answered after %(days)s working days: the mediator is to call them."),
        Action.VISIT: _(
            "The respondent has not answered after %(days)s working days: a home visit by the grid worker of "
            "%(organisation)s."
        ),
        Action.WRITTEN: _(
            "The respondent has not answered after %(days)s working days: a formal written notice is to be printed "
            "and served."
        ),
    }
    reason = reasons.get(action, _("Respondent contact step.")) % {"days": stage, "organisation": organisation}
    return reason, {"action": action, "stage": stage, "clock_started": started_on.isoformat(),
                    "organisation": organisation}


def on_fired(dues, actor) -> None:
    """What the fired steps do at once (inside the pass's transaction): the text-message step serves the one-time
    notice online on each respondent with a mobile number. The link goes out when the transaction commits."""
    for due in dues:
        if step_action(due.stage) != Action.SMS:
            continue
        case = Case.objects.select_related("handling_org").get(pk=due.case_id)
        name = actor.get_full_name() or actor.get_username()
        for party in respondents(case):
            if not is_mobile(party.phone):
                continue
            record = ServiceRecord.objects.create(
                case=case, document=ServiceRecord.Document.NOTICE, method=ServiceRecord.Method.PORTAL, party=party,
                party_name=party.name, served_at=timezone.now(), served_by=actor, served_by_name=name,
                served_by_organisation=case.handling_org.name, token=_token(),
            )
            note_on_case(case, SERVED_ONLINE, actor=actor, payload={
                "document": record.document, "served_on": party.name, "service_record": record.pk,
            })


def _token() -> str:
    import secrets

    return secrets.token_hex(20)


# ---- recording an answer or a contact ----


def _open_visit(user, case_id) -> bool:
    """A grid worker may record the home visit addressed to their station."""
    from jiefen.scheduler.models import Firing

    staff = staff_of(user)
    if staff is None or staff.post != Post.GRID:
        return False
    visits = [s for s in ContactStep.objects.filter(action=Action.VISIT).values_list("working_days", flat=True)]
    return Firing.objects.filter(
        kind=Firing.Kind.RESPONDENT, case_id=case_id, organisation=staff.organisation, stage__in=visits
    ).exists()


def case_for_contact(user, case_pk) -> Case:
    """The case, if ``user`` may record contacts on it: staff of the posts that deal with parties whose
    jurisdiction covers it, or the grid worker asked for the home visit. 404 otherwise."""
    staff = staff_of(user)
    if staff is None:
        raise PermissionDenied(_("Only staff of the network may do this."))
    if staff.post == Post.GRID:
        if not str(case_pk).isdigit() or not _open_visit(user, case_pk):
            raise Http404(_("No such case."))
        return Case.objects.select_related("handling_org", "place").get(pk=case_pk)
    case = access_case(user, case_pk)
    if staff.post not in RECORDING_POSTS:
        raise PermissionDenied(_("Your post does not record contacts with parties."))
    return case


@transaction.atomic
def record_contact(actor, case_pk, *, party, outcome: str, how: str, note: str = "") -> RespondentContact:
    """Record a contact with a respondent; an answer or a refusal stops the clock. A note on the timeline."""
    case = case_for_contact(actor, case_pk)
    errors = {}
    if outcome not in RespondentContact.Outcome.values:
        errors["outcome"] = _("Unknown outcome.")
    if how not in RespondentContact.How.values:
        errors["how"] = _("Unknown way of contact.")
    if not isinstance(party, Party):
        party = Party.objects.filter(pk=party, case=case).first() if str(party).isdigit() else None
    if party is None or party.case_id != case.pk or party.role != Party.Role.RESPONDENT:
        errors["party"] = _("This person is not a respondent of the case.")
    if errors:
        raise ValidationError(errors)
    contact = RespondentContact.objects.create(
        case=case, party=party, outcome=outcome, how=how, note=(note or "").strip(), recorded_by=actor,
        recorded_by_name=actor.get_full_name() or actor.get_username(),
    )
    if outcome in RespondentContact.STOPS:
        _stop(Q(case=case), how, contact.at)
    note_on_case(case, RESPONDENT_CONTACT, actor=actor, reason=contact.note, payload={
        "party": party.name, "contact_outcome": outcome, "how": how,
    })
    return contact


# ---- what each person sees ----


def clock_of(case) -> RespondentClock | None:
    return RespondentClock.objects.filter(case=case).first()


def notices_to_respondents(case) -> list[dict]:
    """Every document served on a respondent with its states: its text message sent (or refused), delivered (or
    reported undeliverable), read (``jiefen.portal.receipts.served_with_states``)."""
    records = ServiceRecord.objects.filter(case=case, party__role=Party.Role.RESPONDENT).order_by("served_at", "id")
    return served_with_states(case, records)


def guidance_to_applicants(case) -> list[dict]:
    """The guidance on the legal paths left served on the applicants, with the same states."""
    records = ServiceRecord.objects.filter(
        case=case, party__role=Party.Role.APPLICANT, document=ServiceRecord.Document.GUIDANCE
    ).order_by("served_at", "id")
    return served_with_states(case, records)


def routed_onward(case) -> bool:
    """Whether the respondent's absence ended mediation, and the case is still where that left it or under the
    termination review that may follow (where the guidance served on the applicants still holds)."""
    if case.state not in (State.FAILED, State.TERMINATION_REVIEW, State.TERMINATED):
        return False
    failure = case.current_failure()
    return failure is not None and failure.cause in FailureRecord.RESPONDENT_CAUSES


def unreached_applicants(case) -> list[Party]:
    """The applicants routed onward who could not be served online (no mobile number): to be handed the guidance."""
    if not respondent_absent(case):
        return []
    return [party for party in onward_addressees(case) if not is_mobile(party.phone)]


def tasks_for(user):
    """The steps fired on cases whose respondent has still not answered that ``user`` must act on: the mediator's
    calls and written notices (cases they mediate), a coordinator's for their organisation's cases, a grid worker's
    home visits addressed to their station."""
    from jiefen.scheduler.models import Firing

    staff = staff_of(user)
    if staff is None:
        return Firing.objects.none()
    by_action = dict(ContactStep.objects.values_list("working_days", "action"))
    desk = [n for n, a in by_action.items() if a in (Action.CALL, Action.WRITTEN)]
    visits = [n for n, a in by_action.items() if a == Action.VISIT]
    base = Firing.objects.filter(
        kind=Firing.Kind.RESPONDENT, case__state__in=CLOCK_STATES,
        case__respondent_clock__answered_at__isnull=True,
    )
    if staff.post == Post.MEDIATION:
        tasks = base.filter(stage__in=desk, case__mediator__user=user)
    elif staff.post == Post.COORDINATION:
        tasks = base.filter(stage__in=desk, case__handling_org=staff.organisation)
    elif staff.post == Post.GRID:
        tasks = base.filter(stage__in=visits, organisation=staff.organisation)
    else:
        return Firing.objects.none()
    tasks = tasks.select_related("case", "case__place").order_by("-fired_at", "-id")
    for task in tasks:
        task.action = by_action.get(task.stage, "")
        task.action_label = Action(task.action).label if task.action else ""
        yield task


def visit_station(case) -> Organisation:
    return organisation_serving(case.place)


def clock_payload(case) -> dict:
    """What the outcome move keeps of the clock: when it started and the steps fired."""
    from jiefen.scheduler.models import Firing

    clock = clock_of(case)
    if clock is None:
        return {}
    steps = list(Firing.objects.filter(kind=Firing.Kind.RESPONDENT, case=case, deadline=clock.started_on)
                 .order_by("stage").values_list("stage", flat=True))
    return {"clock_started": clock.started_on.isoformat(), "steps_fired": len(steps)}
