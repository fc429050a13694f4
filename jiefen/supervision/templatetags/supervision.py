from django import template
from django.utils import timezone

from jiefen.agreements.services import AGREED_STATES
from jiefen.agreements.waiting import answer_due
from jiefen.cases.models import State
from jiefen.core.calendar import WorkingDays
from jiefen.documents.services import may_serve
from jiefen.knowledge import laws
from jiefen.supervision import agencies, matters, services
from jiefen.supervision.forms import AgencyAnswerForm, AnswerForm, GradeForm, urge_form
from jiefen.supervision.models import TerminationReview

register = template.Library()


@register.filter
def supervises(staff) -> bool:
    """Whether the navigation offers the supervision list."""
    return services.may_supervise(staff)


@register.filter
def is_past(day) -> bool:
    return day is not None and day < timezone.localdate()


@register.filter
def days_left(case) -> int | None:
    if case.deadline is None:
        return None
    return (case.deadline - timezone.localdate()).days


def _answer_form(record, matter, **kwargs) -> AnswerForm:
    """The form recording an answer about ``matter``, to one of its urges or of the agency's own accord."""
    link = matters.LINK_FIELD.get(matter.kind)
    urges = [
        row for row in record
        if hasattr(row, "urged_by_name") and (link is None or getattr(row, f"{link}_id") == matter.row.pk)
    ]
    return AnswerForm(urges=urges, initial={"matter": matter.key}, **kwargs)


@register.inclusion_tag("supervision/partials/case_panels.html", takes_context=True)
def supervision_panels(context, case):
    """The case page's supervision (for a case sent to an agency, or whose agreement is or was with a notary office
    or a court), termination review and grading panels; a case that has none of these costs no query beyond the
    grades'."""
    staff = context["request"].staff
    data = {"case": case, "request": context["request"], "csrf_token": context.get("csrf_token")}
    if case.transferred_to_id:
        waiting = case.state == State.TRANSFERRED
        record = services.supervision_record(case)
        data.update(
            supervised=True, record=record, may_resend=waiting and services.may_urge(staff),
            agency_on_platform=agencies.on_platform(case.transferred_to),
            urge_form=urge_form(case) if waiting and services.may_urge(staff) else None,
            answer_form=(
                _answer_form(record, matters.Matter(matters.TRANSFER, case.transferred_to))
                if waiting and services.may_answer(staff) else None
            ),
        )
    if case.state in AGREED_STATES:
        data.update(_agreement_supervision(case, staff))
    if case.state in (State.TERMINATION_REVIEW, State.TERMINATED):
        data.update(
            termination=True, review=services.current_review(case),
            may_serve=case.state == State.TERMINATED and may_serve(staff),
            parties=list(case.parties.all()),
        )
    grades = list(case.outcome_grades.all())
    gradable = case.state in services.GRADE_KIND_OF_STATE
    if grades or gradable:
        current = grades[0] if grades else None
        data.update(
            grading=True, grades=grades, current_grade=current,
            grade_form=GradeForm() if gradable and services.may_grade(staff) else None,
            mediator_figures=services.grade_figures(mediator=case.mediator) if case.mediator_id else None,
            organisation_figures=services.grade_figures(organisation=case.handling_org),
        )
    return data


def _agreement_supervision(case, staff) -> dict:
    """The agreement's matters with a notary office or a court, each with its urge and answer forms for those whose
    post allows them, and their record; nothing when none was ever urged or is open."""
    record = services.supervision_record(case, about_agreement=True)
    open_ones = matters.open_matters(case, kinds=(matters.NOTARIAL, matters.COURT))
    if not open_ones and not record:
        return {}
    calendar = WorkingDays()
    blocks = []
    for matter in open_ones:
        blocks.append({
            "matter": matter, "due": answer_due(matter.row, calendar),
            "on_platform": agencies.on_platform(matter.agency),
            "urge_form": urge_form(case, matter=matter) if services.may_urge(staff) else None,
            "answer_form": _answer_form(record, matter, auto_id=f"answer-{matter.key}-%s")
            if services.may_answer(staff) else None,
        })
    return {"agreement_matters": blocks, "agreement_record": record,
            "may_resend_agreement": bool(open_ones) and services.may_urge(staff)}


@register.filter
def cited(citation: str) -> str:
    """``公证法:第30条`` as documents write it: 《公证法》第三十条."""
    return laws.cite(citation)


@register.filter
def waits(urge) -> bool:
    """Whether the urge's matter still waits for the agency urged."""
    return matters.waits(urge)


@register.filter
def urge_open(urge) -> bool:
    """Whether the urge's matter still waits for the agency and no answer names it."""
    return not urge.answered and matters.waits(urge)


@register.filter
def reason_labels(values) -> list[str]:
    labels = dict(TerminationReview.Reason.choices)
    return [str(labels.get(value, value)) for value in values or []]


@register.inclusion_tag("supervision/partials/extension_consent.html")
def extension_consent(event):
    """On the timeline, under an extension whose parties' consent came as a file: the link to open it."""
    return {"token": (event.payload or {}).get("consent_file", "")}


TASKS_SHOWN = 20


def _first(rows) -> tuple[list, int]:
    """The first ``TASKS_SHOWN`` of ``rows`` and how many there are, counted only when there are more."""
    shown = list(rows[: TASKS_SHOWN + 1])
    return shown[:TASKS_SHOWN], rows.count() if len(shown) > TASKS_SHOWN else len(shown)


@register.inclusion_tag("supervision/partials/tasks.html", takes_context=True)
def supervision_tasks(context):
    """The queue page's panels: for an agency's staff, the urges addressed to it, each with its answer form; for a
    coordinator, the urges whose answer is late; for an assessor, how many cases await a grade."""
    request = context["request"]
    staff, user = request.staff, request.user
    data = {"request": request, "csrf_token": context.get("csrf_token"), "shown": TASKS_SHOWN}
    if agencies.agency_of(user) is not None:
        shown, count = _first(agencies.urges_to(user))
        for urge in shown:  # one form each, with ids of its own
            urge.answer_form = AgencyAnswerForm(auto_id=f"urge-{urge.pk}-%s")
        data.update(agency=request.staff.organisation, agency_urges=shown, agency_urge_count=count)
    if services.may_urge(staff):
        data["late_urges"], data["late_urge_count"] = _first(agencies.overdue_urges(user))
    if services.may_grade(staff):
        data["awaiting_grade"] = services.awaiting_grade(user).count()
    return data
