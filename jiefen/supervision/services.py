"""What the supervision app does: the supervision list, urges and answers, and the assessor's grades.

Every function checks the actor's post and reaches the case through ``access_case`` (404 outside the actor's
jurisdiction), writes its append-only row and a line on the case's timeline in one transaction. An urge or an answer
is about one of the case's open matters (``matters``): the case transferred to an agency, or its agreement with a
notary office or a court. The loop closes when the agency's result comes back: the ``report_result`` move for a
transfer, the notary office's or the court's result on the agreement (``jiefen.agreements``).
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import Case, CaseEvent, State
from jiefen.cases.services import IllegalMove, access_case, note_on_case
from jiefen.cases.workflow import AGENCY_ANSWERED, OUTCOME_GRADED, URGED, Move
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Organisation, Post
from jiefen.supervision import agencies, matters, messaging
from jiefen.supervision.models import (
    AGENCY_KINDS,
    AgencyAnswer,
    AgencyContact,
    Channel,
    OutcomeGrade,
    TerminationReview,
    Urge,
)

# Who sees the supervision list: the coordinators who supervise, and the leaders who read.
READING_POSTS = frozenset({Post.COORDINATION, Post.LEADER})
URGING_POSTS = frozenset({Post.COORDINATION})
# The liaison, who takes results back from other platforms, may record an agency's answer as well.
ANSWERING_POSTS = frozenset({Post.COORDINATION, Post.LIAISON})
GRADING_POSTS = frozenset({Post.ASSESSMENT})
GRADE_KIND_OF_STATE = {State.CLOSED: OutcomeGrade.Kind.OUTCOME, State.TERMINATED: OutcomeGrade.Kind.TERMINATION}
# The moves that end a case after handling, which the assessor then grades.
GRADED_ENDINGS = (Move.CLOSE, Move.TERMINATE)


def _post(actor) -> str | None:
    staff = staff_of(actor)
    return staff.post if staff is not None else None


def may_supervise(staff) -> bool:
    return staff is not None and staff.post in READING_POSTS


def may_urge(staff) -> bool:
    return staff is not None and staff.post in URGING_POSTS


def may_answer(staff) -> bool:
    return staff is not None and staff.post in ANSWERING_POSTS


def may_grade(staff) -> bool:
    return staff is not None and staff.post in GRADING_POSTS


def _actor_names(actor) -> tuple[str, str]:
    staff = staff_of(actor)
    return actor.get_full_name() or actor.get_username(), staff.organisation.name if staff else ""


# ---- the supervision list ----


def supervised_cases(user, *, status: str = "open", agency_kind: str = "", agency=None, overdue: bool = False,
                     urges_overdue: bool = False, text: str = "", today: datetime.date | None = None):
    """The cases of ``user``'s jurisdiction transferred to an agency, with their urges and answers counted and
    ``urge_overdue_since``, the earliest day an answer was wanted by and did not come (None when no open urge is
    late): ``status`` "open" (waiting for the agency's result), "done" (the result came back) or "" (all). Soonest
    deadline first, cases without one last."""
    if _post(user) not in READING_POSTS:
        raise PermissionDenied(_("Only coordinators and leaders see the supervision list."))
    today = today or timezone.localdate()
    cases = Case.objects.visible_to(user).filter(transferred_to__isnull=False)
    if status == "open":
        cases = cases.filter(state=State.TRANSFERRED)
    elif status == "done":
        cases = cases.exclude(state=State.TRANSFERRED)
    if agency_kind:
        cases = cases.filter(transferred_to__kind=agency_kind)
    if agency is not None:
        cases = cases.filter(transferred_to=agency)
    if overdue:
        cases = cases.filter(state=State.TRANSFERRED, deadline__lt=today)
    if text:
        cases = cases.filter(Q(number__icontains=text) | Q(summary__icontains=text))
    late = agencies.unanswered(
        Urge.objects.filter(matters.about_transfer_q(), case=OuterRef("pk"), reply_by__lt=today)
    ).order_by("reply_by")
    cases = cases.annotate(urge_overdue_since=Subquery(late.values("reply_by")[:1]))
    if urges_overdue:
        cases = cases.filter(urge_overdue_since__isnull=False)
    # Only the urges and answers about the transfer: those about the agreement are counted with it.
    urges, answers = matters.about_transfer_q("urges__"), matters.about_transfer_q("agency_answers__")
    return (
        cases.select_related("handling_org", "transferred_to")
        .annotate(urge_count=Count("urges", filter=urges, distinct=True),
                  last_urged_at=Max("urges__at", filter=urges),
                  answer_count=Count("agency_answers", filter=answers, distinct=True),
                  last_answer_at=Max("agency_answers__at", filter=answers))
        .order_by(F("deadline").asc(nulls_last=True), "-id")
    )


def agencies_of(user):
    """The agencies the user's cases may have gone to, for the list's filter: those of the user's city."""
    staff = staff_of(user)
    if staff is None:
        return Organisation.objects.none()
    city_root = staff.organisation.path.split("/", 1)[0] + "/"
    return Organisation.objects.filter(path__startswith=city_root, kind__in=AGENCY_KINDS).order_by("kind", "name")


# ---- urges and answers ----


def supervised_case(actor, case, what: str, posts) -> Case:
    """The case, checked for the actor: 404 outside the jurisdiction, 403 for the wrong post, 409 unless the case
    waits for an agency (transferred to it, or its agreement with a notary office or a court)."""
    case = access_case(actor, case.pk)
    if _post(actor) not in posts:
        raise PermissionDenied(_("Your post may not do this."))
    if not matters.open_matters(case):
        raise IllegalMove(case, what, _(
            "Only a case waiting for an agency's result (transferred to it, or its agreement with a notary office "
            "or a court) can be urged or answered."
        ))
    return case


def _matter(case, key: str) -> matters.Matter:
    found = matters.chosen(case, key or "")
    if found is None:
        raise ValidationError({"matter": [_(
            "Choose what the case waits for: the transfer, the notarisation or the judicial confirmation."
        )]})
    return found


def urge(case, actor, *, channel: str, content: str, contact: str = "", reply_by: datetime.date | None = None,
         agency_contact: int | None = None, matter: str = "") -> Urge:
    """Urge (催办) the agency ``case`` waits for about ``matter`` (the key of one of its open matters; left out when
    it has one). Through the platform, the urge waits on the agency's queue until its staff answer; by text message,
    the platform sends it to ``agency_contact`` (the pk of a contact of the registry at that agency) and records
    whether it went; by phone, letter or visit, it records what the coordinator did."""
    case = supervised_case(actor, case, URGED, URGING_POSTS)
    about = _matter(case, matter)
    agency = about.agency
    errors = {}
    if channel not in Channel.values:
        errors["channel"] = [_("Choose how the agency was urged.")]
    elif channel == Channel.PLATFORM and not agencies.on_platform(agency):
        errors["channel"] = [_("%(agency)s does not work on the platform: urge it by text message to a contact of "
                               "the registry, or by phone, letter or visit.") % {"agency": agency.name}]
    registered = None
    if agency_contact is not None:
        registered = AgencyContact.objects.filter(pk=agency_contact, agency=agency, is_active=True).first()
        if registered is None:
            errors["agency_contact"] = [_("Choose a contact of this agency from the registry.")]
    if channel == Channel.SMS and "agency_contact" not in errors:
        if registered is None:
            errors["agency_contact"] = [_("The platform texts a contact of the registry: choose one (administrators "
                                          "add the agency's contacts).")]
        elif not agencies.textable([registered]):
            errors["agency_contact"] = [_("This contact has no mobile number to text.")]
    contact = (contact or "").strip() or (registered.label if registered else "")
    if not contact and channel == Channel.PLATFORM:
        contact = agency.name
    if not contact and "agency_contact" not in errors:
        errors["contact"] = [_("Say whom at the agency you urged.")]
    if not (content or "").strip():
        errors["content"] = [_("Say what you asked of the agency.")]
    if reply_by is not None and reply_by < timezone.localdate():
        errors["reply_by"] = [_("The answer cannot be requested for a day already past.")]
    if errors:
        raise ValidationError(errors)
    name, organisation = _actor_names(actor)
    with transaction.atomic():
        row = Urge.objects.create(
            case=case, agency=agency, agency_name=agency.name, channel=channel, contact=contact[:128],
            agency_contact=registered, content=content.strip(), reply_by=reply_by, urged_by=actor,
            urged_by_name=name, organisation_name=organisation, **about.links,
        )
        payload = {"agency": row.agency_name, "via": channel, "contact": row.contact}
        if reply_by:
            payload["reply_by"] = reply_by.isoformat()
        note_on_case(case, URGED, actor=actor, reason=row.content, payload=payload)
    if channel == Channel.SMS:
        messaging.send_urge(row, actor)  # after the urge is stored: a refusal by the gateway is recorded, not undone
    return row


def _answer_errors(*, progress: str, content: str) -> dict:
    errors = {}
    if progress not in AgencyAnswer.Progress.values:
        errors["progress"] = [_("Choose where the case stands at the agency.")]
    if not (content or "").strip():
        errors["content"] = [_("Write down the answer.")]
    return errors


def _write_answer(case, urge_row, about: matters.Matter, actor, *, channel: str, respondent: str, progress: str,
                  content: str, expected_by: datetime.date | None) -> AgencyAnswer:
    name, _organisation = _actor_names(actor)
    row = AgencyAnswer.objects.create(
        case=case, urge=urge_row, agency_name=about.agency.name, channel=channel,
        respondent=respondent.strip(), progress=progress, content=content.strip(), expected_by=expected_by,
        recorded_by=actor, recorded_by_name=name, **about.links,
    )
    payload = {"agency": row.agency_name, "via": channel, "respondent": row.respondent, "progress": progress}
    if expected_by:
        payload["expected_by"] = expected_by.isoformat()
    note_on_case(case, AGENCY_ANSWERED, actor=actor, reason=row.content, payload=payload)
    return row


def record_answer(case, actor, *, channel: str, respondent: str, progress: str, content: str,
                  expected_by: datetime.date | None = None, urge_id: int | None = None,
                  matter: str = "") -> AgencyAnswer:
    """Record what the agency answered about ``case``: to an urge (about the urge's matter), or of its own accord
    about ``matter`` (the key of one of the case's open matters; left out when it has one)."""
    case = supervised_case(actor, case, AGENCY_ANSWERED, ANSWERING_POSTS)
    errors = _answer_errors(progress=progress, content=content)
    if channel not in Channel.values:
        errors["channel"] = [_("Choose how the answer came.")]
    if not (respondent or "").strip():
        errors["respondent"] = [_("Say who answered for the agency.")]
    answered, about = None, None
    if urge_id is not None:
        answered = Urge.objects.filter(case=case, pk=urge_id).select_related("agency").first()
        if answered is None:
            errors["urge"] = [_("No such urge on this case.")]
        elif not matters.waits(answered):
            errors["urge"] = [_("What this urge was about no longer waits for the agency.")]
        else:
            about = matters.matter_of(answered)
    else:
        about = matters.chosen(case, matter or "")
        if about is None:
            errors["matter"] = [_(
                "Choose what the case waits for: the transfer, the notarisation or the judicial confirmation."
            )]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return _write_answer(case, answered, about, actor, channel=channel, respondent=respondent, progress=progress,
                             content=content, expected_by=expected_by)


def answer_urge(urge_pk, actor, *, progress: str, content: str,
                expected_by: datetime.date | None = None) -> AgencyAnswer:
    """The agency's staff answer an urge addressed to their agency, on their queue: recorded as every answer is
    (through the platform, by them), it closes the urge. They see the urge, never the rest of the case."""
    agency = agencies.agency_of(actor)
    try:
        found = Urge.objects.select_related("case", "agency").filter(pk=urge_pk, agency=agency).first()
    except (ValueError, TypeError):
        found = None
    if agency is None or found is None:
        raise Http404(_("No such urge."))
    case = found.case
    about = matters.matter_of(found)
    if not matters.waits(found):
        raise IllegalMove(case, AGENCY_ANSWERED, _("The case no longer waits for your agency's result."))
    errors = _answer_errors(progress=progress, content=content)
    if expected_by is not None and expected_by < timezone.localdate():
        errors["expected_by"] = [_("The result cannot be expected on a day already past.")]
    if errors:
        raise ValidationError(errors)
    name, _organisation = _actor_names(actor)
    with transaction.atomic():
        Urge.objects.select_for_update().filter(pk=found.pk).first()  # two answers at once: the second sees the first
        if found.answers.exists():
            raise ValidationError(_("This urge has already been answered."))
        return _write_answer(case, found, about, actor, channel=Channel.PLATFORM, respondent=name,
                             progress=progress, content=content, expected_by=expected_by)


def supervision_record(case, *, about_agreement: bool = False) -> list:
    """Urges and answers of a case about its transfer, or (``about_agreement``) about its agreement with a notary
    office or a court, newest first (the caller has checked access to the case)."""
    about = ~matters.about_transfer_q() if about_agreement else matters.about_transfer_q()
    urges = (
        Urge.objects.filter(about, case=case)
        .select_related("case", "agency_contact", "notarial_request", "court_application")
        .prefetch_related("messages", "answers")
    )
    rows = [*urges, *AgencyAnswer.objects.filter(about, case=case).select_related("urge")]
    return sorted(rows, key=lambda row: (row.at, row.pk), reverse=True)


# ---- the termination review ----


def current_review(case) -> TerminationReview | None:
    return TerminationReview.objects.filter(case=case).order_by("-at", "-id").first()


# ---- grades ----


def grade_case(case, actor, *, grade: str, reasons: str, party_feedback: str = "") -> OutcomeGrade:
    """The assessor grades a closed case (处理等级评估) or a terminated one (终结评估); a later grade supersedes an
    earlier one, which stays on record."""
    case = access_case(actor, case.pk)
    if _post(actor) not in GRADING_POSTS:
        raise PermissionDenied(_("Only assessors grade the handling of cases."))
    kind = GRADE_KIND_OF_STATE.get(case.state)
    if kind is None:
        raise IllegalMove(case, OUTCOME_GRADED, _("Only a closed or terminated case can be graded."))
    errors = {}
    if grade not in OutcomeGrade.Grade.values:
        errors["grade"] = [_("Choose a grade.")]
    if not (reasons or "").strip():
        errors["reasons"] = [_("Give the reasons for the grade.")]
    if errors:
        raise ValidationError(errors)
    name, _organisation = _actor_names(actor)
    with transaction.atomic():
        row = OutcomeGrade.objects.create(
            case=case, kind=kind, grade=grade, reasons=reasons.strip(), party_feedback=(party_feedback or "").strip(),
            mediator=case.mediator, mediator_name=case.mediator.name if case.mediator else "",
            organisation=case.handling_org, organisation_name=case.handling_org.name,
            assessed_by=actor, assessed_by_name=name,
        )
        payload = {"grade": grade, "grade_kind": kind}
        note_on_case(case, OUTCOME_GRADED, actor=actor, reason=row.reasons, payload=payload)
    return row


def awaiting_grade(user):
    """The cases of the assessor's jurisdiction that ended after handling (closed, or terminated after the review)
    and have had no grade since, each with ``ended_at``: the longest waiting first. A case closed
    because the parties refused non-litigation had no handling to grade."""
    if _post(user) not in GRADING_POSTS:
        raise PermissionDenied(_("Only assessors grade the handling of cases."))
    ending = CaseEvent.objects.filter(case=OuterRef("pk"), to_state=OuterRef("state")).exclude(
        from_state=F("to_state")
    ).order_by("-at", "-id")
    graded_since = OutcomeGrade.objects.filter(case=OuterRef("pk"), at__gte=OuterRef("ended_at"))
    return (
        Case.objects.visible_to(user).filter(state__in=GRADE_KIND_OF_STATE)
        .annotate(ended_at=Subquery(ending.values("at")[:1]), ending_move=Subquery(ending.values("move")[:1]))
        .filter(ending_move__in=GRADED_ENDINGS)
        .exclude(Exists(graded_since))
        .select_related("handling_org", "mediator")
        .order_by("ended_at", "id")
    )


def current_grade(case) -> OutcomeGrade | None:
    return OutcomeGrade.objects.filter(case=case).order_by("-at", "-id").first()


def _current_grades():
    """Each case's latest grade only: an earlier grade superseded by a later one does not count twice."""
    later = OutcomeGrade.objects.filter(case=OuterRef("case"), pk__gt=OuterRef("pk"))
    return OutcomeGrade.objects.filter(~Exists(later))


@dataclass(frozen=True)
class GradeFigures:
    counts: dict  # grade value → number of cases
    total: int

    def rows(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.counts.get(value, 0)) for value, label in OutcomeGrade.Grade.choices]

    @property
    def good_share(self) -> float | None:
        """The share graded excellent or good, None before any grade."""
        if not self.total:
            return None
        good = self.counts.get(OutcomeGrade.Grade.EXCELLENT, 0) + self.counts.get(OutcomeGrade.Grade.GOOD, 0)
        return good / self.total


def grade_figures(*, mediator=None, organisation=None) -> GradeFigures:
    """How the cases of a mediator, or handled by an organisation (and those under it), were graded: one grade per
    case, the latest."""
    rows = _current_grades()
    if mediator is not None:
        rows = rows.filter(mediator=mediator)
    if organisation is not None:
        rows = rows.filter(organisation__path__startswith=organisation.path)
    counts = Counter(dict(rows.order_by().values_list("grade").annotate(n=Count("id")).values_list("grade", "n")))
    return GradeFigures(dict(counts), sum(counts.values()))
