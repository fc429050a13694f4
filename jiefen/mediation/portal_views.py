"""The parties' side of mediation work on the portal: for a citizen logged in by phone, each case where that phone
is a party's (applicant or respondent, whichever way the case came in), with its sessions, their own private
records of back-to-back sessions, and the materials shared or of their own side; a file added there is theirs.
The files are also open to the applicant's side for a visitor who follows the case on the portal's tracking page
(they brought it, or gave its tracking code and phone number). Anybody else gets 404 (a case's existence does not
leak)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.cases.models import Case, Party
from jiefen.core.forms import add_service_errors
from jiefen.core.http import private_file
from jiefen.core.pii import digest
from jiefen.mediation import materials
from jiefen.mediation.forms import PartyMaterialForm
from jiefen.mediation.models import Side
from jiefen.mediation.sessions import sides_of
from jiefen.portal.access import citizen_of, follows, to_login
from jiefen.portal.services import phone_of, public_label


def _party_case(request, pk, *, followed=False):
    """(citizen, case, sides) for the logged-in citizen who is a party of case ``pk`` (and, when ``followed``, for a
    visitor who follows it on the portal's tracking page: the applicant's side); Http404 otherwise."""
    citizen = citizen_of(request)
    phone_digest = digest(phone_of(citizen)) if citizen is not None else ""
    case = Case.objects.select_related("handling_org").filter(pk=pk).first()
    sides = sides_of(case, phone_digest) if case is not None else set()
    if followed and case is not None and follows(request, case.pk):
        sides.add(Side.APPLICANT)
    if not sides:
        raise Http404(_("No such case."))
    return citizen, case, sides


def my_cases(request):
    citizen = citizen_of(request)
    if citizen is None:
        return to_login(request)
    phone = phone_of(citizen)
    parties = (
        Party.objects.filter(phone_digest=digest(phone)).select_related("case").order_by("-case__registered_at")
        if phone else Party.objects.none()
    )
    rows, seen = [], set()
    for party in parties:
        if party.case_id not in seen:
            seen.add(party.case_id)
            rows.append({"case": party.case, "role": party.get_role_display(),
                         "state": public_label(party.case.state)})
    return render(request, "mediation/portal_list.html", {"rows": rows})


def case_page(request, pk, *, form=None, status=200):
    if citizen_of(request) is None:
        return to_login(request)
    _citizen_user, case, sides = _party_case(request, pk)
    response = render(request, "mediation/portal_case.html", {
        "case": case, "sides": sides, "state_label": public_label(case.state),
        "party_material_form": form, "can_upload": case.is_open,
    }, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def upload(request, pk):
    if citizen_of(request) is None:
        return to_login(request)
    citizen, case, sides = _party_case(request, pk)
    form = PartyMaterialForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            materials.add_by_party(case, citizen, sides, data["file"], title=data["title"] or data["file"].name,
                                   shared=data["shared"], material_pk=data["material"], note=data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("File added."))
            return redirect("mediation_portal:case", pk=case.pk)
    return case_page(request, pk, form=form, status=400)


def file(request, pk, token):
    if citizen_of(request) is None and not follows(request, pk):
        return to_login(request)
    _citizen_user, case, sides = _party_case(request, pk, followed=True)
    version = materials.open_for_sides(case, sides, token)
    return private_file(version.file, version.content_type, filename=version.original_name)
