from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _

from jiefen.cases.duplicates import likely_duplicates, related_cases
from jiefen.cases.groups import claimants, group_summary, may_record_outcomes
from jiefen.cases.models import AssistedFiling, Case, Party
from jiefen.cases.moves import move_form
from jiefen.cases.services import access_case, can_register
from jiefen.cases.workflow import Move, options_for, why_not
from jiefen.documents.notice import notice_batches
from jiefen.workbench.access import staff_required
from jiefen.workbench.forms import CaseFilterForm, OutcomeForm
from jiefen.workbench.views.common import paginate, wants_fragment
from jiefen.workbench.views.proposals import proposal_context


@staff_required
def case_list(request):
    """Every case in the user's jurisdiction, filtered and paged; party details masked."""
    form = CaseFilterForm(request.GET or None, staff=request.staff)
    cases = (
        form.filter(Case.objects.visible_to(request.user))
        .select_related("handling_org", "mediator")
        # The list shows parties' masked names only: their encrypted numbers are neither read nor decrypted.
        .prefetch_related(Prefetch("parties", Party.objects.only("id", "case", "role", "kind", "name")))
    )
    context = {"form": form, "page": paginate(request, cases)}
    template = "workbench/partials/case_results.html" if wants_fragment(request) else "workbench/case_list.html"
    return render(request, template, context)


def case_page_context(request, case, *, bound_form=None, open_move=None, outcome_form=None) -> dict:
    """Everything the case page shows; ``bound_form`` replaces the blank form of its move (to show errors), and
    ``outcome_form`` the blank claimants' outcome form of a group dispute."""
    options = options_for(case, request.user, request.staff.post)
    forms = {
        option.move: move_form(case, option.move, request.user, prefix=option.move)
        for option in options
        if option.allowed
    }
    if bound_form is not None:
        forms[bound_form.move] = bound_form
        open_move = bound_form.move
    agreement = case.current_agreement()
    parties = list(case.parties.all())
    group = {}
    if case.is_group:
        # The claimants have a table of their own; the parties' panel shows who speaks for them and the other side.
        rows = claimants(case, parties)
        parties = [p for p in parties if p.role != Party.Role.APPLICANT or p.is_representative]
        group = {
            "claimants": rows,
            "group_summary": group_summary(case, rows),
            "notice_batches": notice_batches(len(rows)),
            "outcome_form": outcome_form or (
                OutcomeForm(claimants=rows) if case.is_open and may_record_outcomes(request.staff) else None
            ),
        }
    return {
        **proposal_context(request, case, triage_form=forms.get(Move.TRIAGE)),
        **_duplicates_context(request, case),
        "assisted_filing": AssistedFiling.objects.filter(case=case).first(),
        **group,
        "case": case,
        "parties": parties,
        "events": list(case.events.all()),
        "sessions": list(case.sessions.all()),
        "agreement": agreement,
        "failure": case.current_failure(),
        "moves": [(option, forms[option.move]) for option in options if option.allowed],
        "unavailable": [option for option in options if not option.allowed],
        "open_move": open_move,
    }


def _duplicates_context(request, case) -> dict:
    """The likely duplicates an officer who registers disputes is asked to answer, each with why merging this case
    into it is not possible now (None when it is), and the cases already linked or merged either way."""
    suggestions = []
    if can_register(request.staff):
        cannot_merge = why_not(case, Move.MERGE, request.user, request.staff.post)
        for suggestion in likely_duplicates(case, user=request.user):
            why = cannot_merge or (None if suggestion.case.is_open else _("The case that goes on must still be open."))
            suggestions.append((suggestion, why))
    return {
        "duplicates": suggestions,
        "related_cases": list(related_cases(case, user=request.user)),
        "merged_cases": list(case.merged_cases.visible_to(request.user)),
    }


@staff_required
def case_detail(request, pk):
    case = access_case(request.user, pk)
    return render(request, "workbench/case_detail.html", case_page_context(request, case))
