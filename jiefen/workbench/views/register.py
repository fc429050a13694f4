from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiefen.cases.models import Party
from jiefen.cases.services import register_case
from jiefen.core.taxonomy import Channel
from jiefen.workbench.access import staff_required
from jiefen.workbench.forms import PartyForm, RegistrationForm, show_service_errors

ROLES = (Party.Role.APPLICANT, Party.Role.RESPONDENT)


@staff_required
def register_view(request):
    """Register a dispute brought to the window (接案登记). The service numbers it and checks everything."""
    data = request.POST if request.method == "POST" else None
    form = RegistrationForm(data, staff=request.staff)
    parties = [PartyForm(data, role=role, prefix=role) for role in ROLES]
    status = 200
    if data is not None:
        valid = [f.is_valid() for f in (form, *parties)]  # every form, so that every error shows at once
        if all(valid):
            try:
                case = register_case(
                    actor=request.user,
                    channel=Channel.WINDOW,
                    parties=[party.as_party() for party in parties],
                    **form.cleaned_data,
                )
            except ValidationError as error:
                show_service_errors(error, form, parties)
            except PermissionDenied as error:
                form.add_error("handling_org", str(error))
            else:
                messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
                return redirect("workbench:case", pk=case.pk)
        status = 422
    return render(request, "workbench/register.html", {"form": form, "parties": parties}, status=status)
