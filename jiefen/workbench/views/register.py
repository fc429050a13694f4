from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiefen.cases.services import can_register, register_case
from jiefen.core.taxonomy import Channel
from jiefen.workbench.access import staff_required
from jiefen.workbench.forms import (
    MAX_FURTHER_PARTIES,
    WindowRegistrationForm,
    registration_forms,
    show_service_errors,
)


def _further_parties(data) -> int:
    try:
        count = int(data.get("further_parties", 0)) if data is not None else 0
    except ValueError:
        count = 0
    if data is not None and "add_party" in data:
        count += 1
    return max(0, min(count, MAX_FURTHER_PARTIES))


@staff_required
def register_view(request):
    """Register a dispute brought to the window (接案登记). The service numbers it and checks everything."""
    if not can_register(request.staff):
        raise PermissionDenied(_("Your post does not register disputes."))
    data = request.POST if request.method == "POST" else None
    adding = data is not None and "add_party" in data
    form, parties = registration_forms(
        request.staff, data, further=_further_parties(data), bound=data is not None and not adding,
        form_class=WindowRegistrationForm,
    )
    status = 200
    if data is not None and not adding:
        valid = [f.is_valid() for f in (form, *parties)]  # every form, so that every error shows at once
        if all(valid):
            given = [party for party in parties if not getattr(party, "is_blank", False)]
            try:
                case = register_case(
                    actor=request.user,
                    channel=Channel.WINDOW,
                    parties=form.with_claimants([party.as_party() for party in given]),
                    **form.case_data(),
                )
            except ValidationError as error:
                show_service_errors(error, form, given)
            except PermissionDenied as error:
                form.add_error("handling_org", str(error))
            else:
                messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
                return redirect("workbench:case", pk=case.pk)
        status = 422
    context = {
        "form": form, "parties": parties, "rejected": status == 422,
        "further": len(parties) - 2, "can_add": len(parties) - 2 < MAX_FURTHER_PARTIES,
    }
    return render(request, "workbench/register.html", context, status=status)
