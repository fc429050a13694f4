from django.shortcuts import render
from django.views.decorators.http import require_POST

from jiefen.cases.services import access_case, reveal_personal_data
from jiefen.workbench.access import staff_required
from jiefen.workbench.views.common import wants_fragment


@staff_required
@require_POST
def reveal_view(request, pk, party_pk):
    """A party's full ID and phone numbers, on request; the service logs the look (POST: it writes)."""
    case = access_case(request.user, pk)
    party = reveal_personal_data(request.user, party_pk, channel="workbench", case=case)
    template = "workbench/partials/party_numbers.html" if wants_fragment(request) else "workbench/personal_data.html"
    return render(request, template, {"case": case, "party": party, "revealed": True})
