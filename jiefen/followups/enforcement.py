"""The later steps of an application for enforcement (申请执行书), as the court makes them, recorded by the case's
mediators and coordinators like those of the judicial confirmation application (``jiefen.agreements``): filed (the
day the party handed it in), accepted (立案, with the court's 执字 number), then enforced in full (执行完毕) or closed
without full enforcement (not accepted, 终结执行, 终结本次执行程序; the outcome says which and why). Each step is a
``performance`` note on the timeline."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.services import advance_tracked, note_on_case
from jiefen.cases.workflow import PERFORMANCE
from jiefen.documents.docx_style import chinese_date
from jiefen.followups.models import EnforcementApplication
from jiefen.followups.services import staff_case

S = EnforcementApplication.Status
# status reached → statuses it may come from
STEPS = {
    S.FILED: (S.PREPARED,),
    S.ACCEPTED: (S.FILED,),
    S.ENFORCED: (S.ACCEPTED,),
    S.CLOSED: (S.FILED, S.ACCEPTED),
}
STEP_DATE = {S.FILED: "filed_on", S.ACCEPTED: "accepted_on", S.ENFORCED: "ended_on", S.CLOSED: "ended_on"}


def enforcement_application(actor, case, pk) -> EnforcementApplication:
    """The case's application ``pk``; Http404 when the case has none of that id."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("No such application.")) from None
    application = (
        EnforcementApplication.objects.filter(case=case, pk=pk)
        .select_related("case", "item__agreement", "court_application", "applicant", "respondent").first()
    )
    if application is None:
        raise Http404(_("No such application."))
    return application


def record_step(application: EnforcementApplication, actor, status: str, *, on: datetime.date,
                court_case_number: str = "", outcome: str = "") -> EnforcementApplication:
    case = staff_case(actor, application.case)
    if status not in STEPS:
        raise ValidationError({"status": [_("Unknown step.")]})
    if on is None or on > timezone.localdate():
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    earlier = [d for d in (timezone.localdate(application.prepared_at), application.filed_on,
                           application.accepted_on) if d]
    if on < max(earlier):
        raise ValidationError({"on": [_("The date cannot be before the previous step.")]})
    if status == S.ACCEPTED and not (court_case_number.strip() or application.court_case_number):
        raise ValidationError({"court_case_number": [_("Enter the court's case number.")]})
    if status == S.CLOSED and not outcome.strip():
        raise ValidationError({"outcome": [_("Say how the court closed the application and why.")]})
    changes = {"status": status, STEP_DATE[status]: on}
    if court_case_number.strip():
        changes["court_case_number"] = court_case_number.strip()[:64]
    if outcome.strip():
        changes["outcome"] = outcome.strip()
    with transaction.atomic():
        advance_tracked(application, status, STEPS[status], changes, case=case, what=PERFORMANCE,
                        refused=_("The application is “%(current)s”: it cannot become “%(next)s”."))
        note_on_case(case, PERFORMANCE, actor=actor, reason=_reason(application), payload={
            "item": application.item_id, "status": status, "organisation": application.court_name,
            "court_case_number": application.court_case_number,
        })
    return application


def _reason(application: EnforcementApplication) -> str:
    court, status = application.court_name, application.status
    if status == S.FILED:
        return _("Application for enforcement filed with %(court)s on %(date)s.") % {
            "court": court, "date": chinese_date(application.filed_on)}
    if status == S.ACCEPTED:
        return _("%(court)s accepted the application for enforcement on %(date)s (%(number)s).") % {
            "court": court, "date": chinese_date(application.accepted_on), "number": application.court_case_number}
    if status == S.ENFORCED:
        return _("%(court)s enforced the agreement in full on %(date)s.") % {
            "court": court, "date": chinese_date(application.ended_on)} + (
            " " + application.outcome if application.outcome else "")
    return _("%(court)s closed the application for enforcement on %(date)s: %(outcome)s") % {
        "court": court, "date": chinese_date(application.ended_on), "outcome": application.outcome}
