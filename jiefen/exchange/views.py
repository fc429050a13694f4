"""The liaison's screens: referrals in (form and list) and the webhook delivery log with replay."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.exchange.forms import referral_forms
from jiefen.exchange.models import Delivery, Referral, Sender
from jiefen.exchange.services import access_delivery, is_liaison, may_read_deliveries, refer, replay
from jiefen.workbench.access import staff_required
from jiefen.workbench.forms import show_service_errors
from jiefen.workbench.views.common import paginate


def liaison_required(view):
    def wrapped(request, *args, **kwargs):
        if not is_liaison(request.user):
            raise PermissionDenied(_("Only liaison staff (综合岗) take referrals in and manage webhook deliveries."))
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return staff_required(wrapped)


@liaison_required
def referral_list(request):
    """Referrals whose cases lie in the user's jurisdiction, newest first, with each case's state."""
    referrals = Referral.objects.visible_to(request.user).select_related("sender", "case")
    page = paginate(request, referrals, 50)
    return render(request, "exchange/referrals.html", {"page": page})


@liaison_required
def refer_view(request):
    data = request.POST if request.method == "POST" else None
    sender_form, form, parties = referral_forms(request.user, request.staff, data)
    status = 200
    if data is not None:
        valid = [f.is_valid() for f in (sender_form, form, *parties)]
        if all(valid):
            try:
                referral, _created = refer(
                    actor=request.user, parties=[party.as_party() for party in parties], through="ui",
                    **sender_form.cleaned_data, **form.cleaned_data,
                )
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
                for field in ("sender", "referral_kind", "external_reference"):
                    for message in errors.pop(field, []):
                        sender_form.add_error(field, message)
                if errors:
                    show_service_errors(ValidationError(errors), form, parties)
            except PermissionDenied as error:
                sender_form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Referral registered as case %(number)s.") % {"number": referral.case.number}
                )
                return redirect("workbench:case", pk=referral.case_id)
        status = 422
    context = {"sender_form": sender_form, "form": form, "parties": parties, "rejected": status == 422}
    return render(request, "exchange/refer.html", context, status=status)


def deliveries_readers_required(view):
    def wrapped(request, *args, **kwargs):
        if not may_read_deliveries(request.user):
            raise PermissionDenied(_("Only liaison and coordination staff read the webhook deliveries."))
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return staff_required(wrapped)


@deliveries_readers_required
def delivery_log(request):
    """Every webhook delivery in the user's jurisdiction, narrowed to one sender or one case, with its attempts."""
    deliveries = Delivery.objects.visible_to(request.user).select_related("sender", "case").prefetch_related(
        "attempt_log", "replays"
    )
    sender = Sender.objects.filter(code=request.GET.get("sender", "")).first()
    if sender is not None:
        deliveries = deliveries.filter(sender=sender)
    case = request.GET.get("case", "")
    if case.isdigit():
        deliveries = deliveries.filter(case_id=int(case))
    page = paginate(request, deliveries, 30)
    senders = Sender.objects.visible_to(request.user)
    return render(
        request, "exchange/deliveries.html",
        {"page": page, "senders": senders, "sender": sender, "case": case if case.isdigit() else "",
         "can_replay": is_liaison(request.user)},
    )


@require_POST
@liaison_required
def replay_view(request, pk):
    delivery = access_delivery(request.user, pk)
    replay(actor=request.user, delivery=delivery)
    messages.success(request, _("Delivery %(id)s queued to be sent again.") % {"id": delivery.pk})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "exchange:deliveries"
    return redirect(back or "exchange:deliveries")
