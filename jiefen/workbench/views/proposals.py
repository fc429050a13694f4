"""The system's triage proposal on the case page: shown with its reasons, accepted in one click, asked for again,
and waited for while the background worker makes it."""

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiefen.cases.models import State
from jiefen.cases.moves import move_form
from jiefen.cases.services import access_case
from jiefen.cases.workflow import Move, why_not
from jiefen.knowledge.citations import CitationError, parse
from jiefen.triage.hooks import latest_proposal, may_request_proposal, request_proposal
from jiefen.workbench.access import staff_required
from jiefen.workbench.views.common import wants_fragment

# How long the page waits (polling) for a proposal being made before it says to come back later.
WAIT_SECONDS = 60
TEMPLATE = "workbench/partials/proposal.html"


def proposal_context(request, case, *, triage_form=None, waiting: dict | None = None) -> dict:
    """The proposal panel: the latest proposal with its reasons, the triage move's values to accept it as it is
    (when the user may triage now), and whether to keep waiting for one being made."""
    if triage_form is None and why_not(case, Move.TRIAGE, request.user, request.staff.post) is None:
        triage_form = move_form(case, Move.TRIAGE, request.user, prefix=Move.TRIAGE)
    proposal = triage_form.proposal if triage_form is not None else latest_proposal(case)
    if waiting is None and proposal is None and case.state == State.REGISTERED:
        # Just registered: the worker is making the first proposal, which the page shows as soon as it is there.
        since = int(case.registered_at.timestamp())
        waiting = {"after": 0, "since": since} if time.time() - since < WAIT_SECONDS else None
    accept = []
    # Accepting is offered once per proposal: after a decision on it, re-triage goes through the move's form.
    if proposal is not None and triage_form is not None and not proposal.decisions.exists():
        accept = [(f"{Move.TRIAGE}-{name}", value) for name, value in triage_form.initial.items()]
    return {
        "case": case,
        "proposal": proposal,
        "proposal_statutes": _statutes(proposal),
        "accept_fields": accept,
        "may_request_proposal": case.is_open and may_request_proposal(request.staff),
        "waiting": waiting,
    }


def _statutes(proposal) -> list[dict]:
    """The proposed articles, each with where it is in the library (None if its citation cannot be read)."""
    if proposal is None:
        return []
    rows = []
    for statute in proposal.statutes:
        try:
            citation = parse(statute["citation"])
        except CitationError:
            citation = None
        where = {"short": citation.law, "number": citation.number} if citation else {"short": "", "number": 0}
        rows.append({**statute, **where})
    return rows


@require_POST
@staff_required
def request_proposal_view(request, pk):
    """Ask for a new proposal (made by the background worker); the panel then waits for it."""
    case = access_case(request.user, pk)
    if not (case.is_open and may_request_proposal(request.staff)):
        raise PermissionDenied(
            _("Only intake, coordination and assessment staff may ask for a proposal on an open case.")
        )
    latest = latest_proposal(case)
    request_proposal(case, request.user)
    if not wants_fragment(request):
        messages.info(request, _("The system is making a proposal; it appears on the case page in a moment."))
        return redirect("workbench:case", pk=case.pk)
    waiting = {"after": latest.pk if latest else 0, "since": int(time.time())}
    return render(request, TEMPLATE, proposal_context(request, case, waiting=waiting))


@require_GET
@staff_required
def proposal_view(request, pk):
    """The panel again, for the page waiting for a proposal (``after``: the latest proposal it had seen)."""
    case = access_case(request.user, pk)
    try:
        after, since = int(request.GET.get("after", 0)), int(request.GET.get("since", 0))
    except ValueError:
        after, since = 0, 0
    latest = latest_proposal(case)
    waiting = None
    if (latest is None or latest.pk <= after) and timezone.now().timestamp() - since < WAIT_SECONDS:
        waiting = {"after": after, "since": since}
    context = proposal_context(request, case, waiting=waiting)
    context["waited_too_long"] = context["waiting"] is None and since and (latest is None or latest.pk <= after)
    return render(request, TEMPLATE, context)
