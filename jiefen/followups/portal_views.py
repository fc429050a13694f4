"""The portal's follow-up pages: the visits due to the citizen's cases, the short form, and the items of the
agreement owed to them, each with its one-tap “not performed”. A phone that is not a party's sees a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.followups import corrections, services
from jiefen.followups.forms import VisitForm, WithdrawalForm
from jiefen.followups.models import PerformanceMark, Visit
from jiefen.portal.access import citizen_of, to_login


def _safe_next(request) -> str:
    """Back to the portal page the form was on; never to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("followups:portal_list")


def _items(citizen):
    """(item, latest mark, whether that mark is a report the citizen may withdraw) of what the citizen is owed."""
    rows = []
    for item in services.citizen_items(citizen):
        mark = services.latest_mark(item)
        rows.append((item, mark, corrections.withdrawable(item, mark)))
    return rows


def follow_up_list(request):
    citizen = citizen_of(request)
    if citizen is None:
        return to_login(request)
    response = render(request, "followups/portal_list.html", {
        "follow_ups": services.citizen_follow_ups(citizen), "items": _items(citizen),
    })
    response["Cache-Control"] = "private, no-store"
    return response


def follow_up_page(request, pk):
    citizen = citizen_of(request)
    if citizen is None:
        return to_login(request)
    follow_up, mine = services.open_follow_up(citizen, pk)
    form = VisitForm(request.POST or None, portal=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                data = form.cleaned_data
                services.record_visit(follow_up, citizen, method=Visit.Method.PORTAL, party=mine[0],
                                      satisfaction=data["satisfaction"], keeping=data["keeping"],
                                      renewed_dispute=data["renewed_dispute"], comment=data["comment"])
            except ValidationError as error:
                for text in error.messages:
                    form.add_error(None, text)
            else:
                messages.success(request, _("Thank you: your answers are recorded."))
                return redirect("followups:portal_list")
        status = 400
    done = follow_up.visits.exists()
    items = [row for row in _items(citizen) if row[0].case_id == follow_up.case_id]
    response = render(request, "followups/portal_visit.html", {
        "follow_up": follow_up, "case": follow_up.case, "form": form, "done": done, "items": items,
    }, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def not_performed(request, pk):
    """One tap: the item owed to the citizen was not performed."""
    citizen = citizen_of(request)
    if citizen is None:
        return to_login(request)
    item = services.citizen_item(citizen, pk)
    try:
        services.mark_item(item, citizen, PerformanceMark.Status.NOT_PERFORMED)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Recorded: the mediator will prepare the application to the court with you."))
    return redirect(_safe_next(request))


@require_POST
def withdraw_report(request, pk):
    """The citizen owed takes back a “not performed” they reported by mistake, saying why."""
    citizen = citizen_of(request)
    if citizen is None:
        return to_login(request)
    item = services.citizen_item(citizen, pk)
    mark = services.latest_mark(item)
    form = WithdrawalForm(request.POST)
    try:
        if mark is None or not form.is_valid():
            raise ValidationError(_("Say why the report was wrong."))
        corrections.withdraw_mark(mark, citizen, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as error:
        for text in getattr(error, "messages", [str(error)]):
            messages.error(request, text)
    else:
        messages.success(request, _("Your report is withdrawn."))
    return redirect(_safe_next(request))
