"""The queue page's panels answered in one click: a red alert acknowledged (知悉), a deadline notice marked seen
(已阅). Each answers htmx with the panel again (and the alert count of the menu), a plain form with the queue page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.cases.services import access_case
from jiefen.scheduler.models import Firing
from jiefen.scheduler.services import mark_seen
from jiefen.scheduler.templatetags.scheduler import SHOW_SEEN, notices_panel
from jiefen.triage.hooks import acknowledge_alert
from jiefen.triage.models import Alert
from jiefen.triage.templatetags.triage import acknowledgement_context, alerts_panel
from jiefen.workbench.access import staff_required
from jiefen.workbench.views.common import wants_fragment


def _refuse(request, case_id: int, refusal: PermissionDenied):
    """Someone else's alert or notice: not found when its case is out of their sight, forbidden otherwise."""
    access_case(request.user, case_id)
    raise refusal


@require_POST
@staff_required
def acknowledge_alert_view(request, pk):
    alert = get_object_or_404(Alert, pk=pk)
    try:
        acknowledge_alert(alert, request.user)
    except PermissionDenied as refusal:
        _refuse(request, alert.case_id, refusal)
    on_case_page = request.POST.get("from") == "case"
    if not wants_fragment(request):
        messages.success(request, _("Alert acknowledged."))
        return redirect("workbench:case", pk=alert.case_id) if on_case_page else redirect("workbench:queue")
    if on_case_page:
        template, context = "triage/partials/acknowledgements.html", acknowledgement_context(request, alert.pk)
    else:
        template, context = "triage/partials/alerts.html", alerts_panel(request)
    # The menu's count of alerts follows, swapped out of band.
    return render(request, "triage/partials/acknowledged.html", {**context, "panel_template": template})


@require_POST
@staff_required
def mark_notice_seen_view(request, pk):
    notice = get_object_or_404(Firing, pk=pk)
    try:
        mark_seen(notice, request.user)
    except PermissionDenied as refusal:
        _refuse(request, notice.case_id, refusal)
    show_seen = SHOW_SEEN in request.POST
    if not wants_fragment(request):
        messages.success(request, _("Notice marked as seen."))
        query = f"?{SHOW_SEEN}=1" if show_seen else ""
        return redirect(f"{reverse('workbench:queue')}{query}#deadline-notices")
    return render(request, "scheduler/partials/notices.html", notices_panel(request, show_seen=show_seen))
