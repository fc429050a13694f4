from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.cases.services import access_case
from jiefen.portal.notifications import resend
from jiefen.workbench.access import staff_required


@require_POST
@staff_required
def resend_view(request, pk, message_pk):
    """“再次发送”: a text message the gateway refused, sent again as it was written."""
    case = access_case(request.user, pk)
    try:
        message = resend(request.user, case, message_pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if message.sent_at is not None:
            messages.success(request, _("The text message was sent again."))
        else:
            messages.error(request, _("The text message could not be sent: %(error)s") % {"error": message.error})
    return redirect(reverse("workbench:case", args=[case.pk]) + "#status-messages")
