"""The portal's pages for a party to read and confirm an agreement. Login by phone (the portal's own); a phone
that is not a party's sees a 404, as if the agreement did not exist."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiefen.agreements import services
from jiefen.agreements.text import agreement_hash, canonical_text
from jiefen.portal import codes
from jiefen.portal.access import citizen_of, to_login


def agreement_list(request):
    citizen = citizen_of(request)
    if citizen is None:
        return to_login(request)
    rows = [
        (agreement, services.confirmation_status(agreement)) for agreement in services.agreements_to_confirm(citizen)
    ]
    return render(request, "agreements/portal_list.html", {"rows": rows})


def agreement_page(request, pk):
    """The exact text, who has confirmed it, and the two steps: ask for a code, enter it."""
    citizen = citizen_of(request)
    if citizen is None:
        return to_login(request)
    agreement, mine = services.open_agreement(citizen, pk)
    if not services.is_current(agreement):
        current = agreement.case.current_agreement()
        messages.info(request, _("This agreement has been revised: here is the new text."))
        return redirect("agreements:portal_agreement", pk=current.pk)
    errors, code_sent = {}, False
    if request.method == "POST":
        try:
            if request.POST.get("action") == "send":
                services.request_code(citizen, agreement.pk)
                code_sent = True
                messages.success(request, _("A 6-digit code was sent to your phone. It is valid for 5 minutes."))
            else:
                code_sent = True
                services.confirm(citizen, agreement.pk, request.POST.get("code", ""), request.POST.get("sha256", ""),
                                 ip=request.META.get("REMOTE_ADDR"))
                messages.success(request, _("Thank you: your confirmation of the agreement is recorded."))
                return redirect("agreements:portal_agreement", pk=agreement.pk)
        except ValidationError as error:
            errors = error.message_dict
        except codes.TooManyRequests as error:
            errors, code_sent = {"code": [str(error)]}, True
    statuses = services.confirmation_status(agreement)
    mine_ids = {p.pk for p in mine}
    response = render(request, "agreements/portal_agreement.html", {
        "agreement": agreement, "case": agreement.case, "text": canonical_text(agreement),
        "sha256": agreement_hash(agreement), "statuses": statuses, "errors": errors, "code_sent": code_sent,
        "mine_confirmed": all(s.confirmed for s in statuses if s.party.pk in mine_ids),
    }, status=400 if errors else 200)
    response["Cache-Control"] = "private, no-store"
    return response
