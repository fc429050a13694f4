"""The mediation-work panels of the workbench's case page and of the parties' portal pages."""

from django import template

from jiefen.cases.models import State
from jiefen.cases.workflow import MOVE_LABELS, Move, why_not
from jiefen.mediation import fit, materials, sessions, walk_in
from jiefen.mediation.forms import (
    PartyMaterialForm,
    RescheduleForm,
    ScheduleForm,
    StaffMaterialForm,
    WalkInForm,
)
from jiefen.mediation.models import SessionPlan, Side

register = template.Library()


def sessions_context(request, case, *, schedule_form=None, reschedule_form=None, cancel_form=None) -> dict:
    """The sessions panel; the bound forms (as typed, with their errors) replace the blank ones. Each plan still
    scheduled carries its own reschedule form (``plan.reschedule_form``), open when it is the one with errors; the
    errors of a plan that can no longer change (called off, held meanwhile) are shown above the plans."""
    may_run = sessions.may_run_sessions(case, request.user) is None
    plans = sessions.plans_for(case)
    refusals = [form for form in (cancel_form, reschedule_form) if form is not None]
    for plan in plans:
        plan.reschedule_form = None
        if may_run and plan.status == SessionPlan.Status.SCHEDULED:
            plan.reschedule_form = RescheduleForm.for_plan(plan)
            if reschedule_form is not None and reschedule_form.prefix == plan.reschedule_form.prefix:
                plan.reschedule_form = reschedule_form
                refusals.remove(reschedule_form)  # shown in its place, open
    return {
        "case": case, "plans": plans, "held": sessions.sessions_for_staff(case), "may_run": may_run,
        "schedule_form": schedule_form or (ScheduleForm(prefix="schedule") if may_run else None),
        "refusals": [error for form in refusals for errors in form.errors.values() for error in errors],
        "request": request,
    }


def materials_context(request, case, *, material_form=None) -> dict:
    may_add = request.staff.post in materials.ADDING_POSTS
    return {
        "case": case, "materials": materials.materials_for_staff(case), "may_add": may_add,
        "material_form": material_form or (StaffMaterialForm(prefix="material") if may_add else None),
        "request": request,
    }


def walk_in_context(request, case, *, walk_in_form=None) -> dict:
    """The panel to take a registered or triaged walk-in on the spot, for the duty mediator of the day (once it
    awaits assignment, the candidates' panel offers it to them)."""
    if case.state not in (State.REGISTERED, State.TRIAGED) or walk_in.why_not_take(case, request.user) is not None:
        return {"walk_in_form": None}
    duty = fit.on_duty_today(request.user)
    return {
        "walk_in_form": walk_in_form or WalkInForm(case=case, actor=request.user, mediator=duty), "walk_in_duty": duty,
        "walk_in_steps": [MOVE_LABELS[move] for move in walk_in.steps_for(case)],
    }


def candidates_context(request, case) -> dict:
    may_assign = why_not(case, Move.ASSIGN, request.user, request.staff.post) is None
    return {
        "case": case, "may_assign": may_assign,
        "candidates": fit.candidates(case, request.user) if may_assign else [],
        "duty": fit.on_duty_today(request.user) if may_assign else None, "request": request,
    }


@register.inclusion_tag("mediation/partials/panels.html", takes_context=True)
def mediation_work(context, case):
    """Candidates (when the user may assign), a walk-in to take on the spot, sessions and materials, for the
    workbench's case page; forms bound after an error come from the page's context."""
    request = context["request"]
    bound = {key: context.get(key) for key in ("schedule_form", "reschedule_form", "cancel_form")}
    return {
        **candidates_context(request, case), **sessions_context(request, case, **bound),
        **materials_context(request, case, material_form=context.get("material_form")),
        **walk_in_context(request, case, walk_in_form=context.get("walk_in_form")),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("mediation/partials/party_panels.html", takes_context=True)
def party_mediation(context, case, sides, *, upload: bool = False):
    """What the parties of ``sides`` see of the mediation work on the portal: the sessions scheduled, the held
    sessions with their own private records only, and the materials shared or of their own side."""
    sides = ({sides} if isinstance(sides, str) else set(sides)) & set(Side.values)
    return {
        "case": case, "sides": sides, "plans": sessions.plans_for(case),
        "held": sessions.sessions_for_sides(case, sides), "materials": materials.materials_for_sides(case, sides),
        "upload_form": (context.get("party_material_form") or PartyMaterialForm()) if upload else None,
        "csrf_token": context.get("csrf_token"), "request": context.get("request"),
    }


@register.filter
def side_label(side: str) -> str:
    return str(Side(side).label) if side in Side.values else side
