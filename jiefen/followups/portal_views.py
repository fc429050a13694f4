"""The portal's follow-up pages: the visits due to the citizen's cases, the short form, and the items of the
agreement owed to them, each with its one-tap “not performed”. A phone that is not a party's sees a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.followups import services
from jiefen.followups.forms import VisitForm
from jiefen.followups.models import PerformanceMark, Visit
from jiefen.portal.access import citizen_of, to_login


def _items(citizen):
    return [(item, services.latest_mark(item)) for item in services.citizen_items(citizen)]


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
    items = [(item, mark) for item, mark in _items(citizen) if item.case_id == follow_up.case_id]
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
    return redirect(request.POST.get("next") or reverse("followups:portal_list"))
