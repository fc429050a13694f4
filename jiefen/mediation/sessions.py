"""Sessions: scheduled ahead, rescheduled or called off, held and recorded, with the private records of a
back-to-back session, the outside helpers of joint mediation and who attended a public one; and what each side of
the dispute may see of them.

Who may schedule, reschedule or call off a session is who may record one (``cases.workflow``: the case's own
mediator while the case is assigned or in mediation). A plan changes no state: it is a note on the case's timeline,
and the parties are told by text message (``jiefen.mediation.notices``) and on the portal. Rescheduling keeps the
plan as it was and makes a new one that replaces it; the scheduler reminds the parties before each plan still
scheduled (``jiefen.mediation.reminders``).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from jiefen.cases.models import Case, MediationSession, Party
from jiefen.cases.services import note_on_case
from jiefen.cases.workflow import (
    MOVE_LABELS,
    SESSION_CANCELLED,
    SESSION_RESCHEDULED,
    SESSION_SCHEDULED,
    Move,
    why_not,
)
from jiefen.mediation.models import Attendance, Helper, SessionPlan, Side, SideRecord
from jiefen.orgs.jurisdiction import staff_of

MAX_HELPERS = 20
_SPLIT = re.compile(r"\s*[,，|｜/、]\s*")


def may_run_sessions(case: Case, user) -> str | None:
    """None when ``user`` may schedule, call off and record sessions of ``case`` now, else why not."""
    staff = staff_of(user)
    if staff is None or not case.handling_org.is_within(staff.organisation):
        return _("Only staff whose jurisdiction covers the case may do this.")
    return why_not(case, Move.RECORD_SESSION, user, staff.post)


def _require(case: Case, user) -> None:
    reason = may_run_sessions(case, user)
    if reason is not None:
        raise PermissionDenied(reason)


def role_of(text: str) -> str | None:
    """A helper's role from its code or its label in either language (``律师``, ``lawyer``…)."""
    wanted = _norm_label(text)
    for role in Helper.Role:
        if wanted in {_norm_label(role.value), _norm_label(role.label), _norm_label(str(role.label))}:
            return role.value
    return SHORT_ROLES.get(text.strip())


def _norm_label(text) -> str:
    return str(text).strip().lower()


# What staff type for each role when they write helpers as text, in Chinese.
SHORT_ROLES = {
    "律师": Helper.Role.LAWYER, "人大代表": Helper.Role.DEPUTY, "政协委员": Helper.Role.DEPUTY,
    "心理咨询师": Helper.Role.PSYCHOLOGIST, "心理": Helper.Role.PSYCHOLOGIST, "乡贤": Helper.Role.ELDER,
    "老党员": Helper.Role.ELDER, "专家": Helper.Role.EXPERT, "部门": Helper.Role.OFFICIAL,
    "干部": Helper.Role.OFFICIAL, "其他": Helper.Role.OTHER,
}


def parse_helpers(text: str) -> list[dict]:
    """Helpers written one per line as ``name, role[, unit]`` (``，`` and ``|`` also separate); a ValidationError
    on ``helpers`` names each line that cannot be read."""
    helpers, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = _SPLIT.split(line.strip(), maxsplit=2)
        role = role_of(parts[1]) if len(parts) >= 2 else None
        if role is None or not parts[0]:
            errors.append(_("Line %(n)d: write “name, role[, unit]”, the role one of: %(roles)s.") % {
                "n": number, "roles": "、".join(str(label) for label in Helper.Role.labels),
            })
            continue
        helpers.append({"name": parts[0][:64], "role": role, "affiliation": (parts[2] if len(parts) > 2 else "")[:128]})
    if len(helpers) > MAX_HELPERS:
        errors.append(_("At most %(n)d helpers.") % {"n": MAX_HELPERS})
    if errors:
        raise ValidationError({"helpers": errors})
    return helpers


def helpers_text(helpers) -> str:
    return "\n".join(
        "，".join(filter(None, [h.name, h.get_role_display(), h.affiliation])) for h in helpers
    )


def _clean_helpers(helpers: list[dict]) -> list[dict]:
    errors = []
    for index, helper in enumerate(helpers):
        if not (helper.get("name") or "").strip():
            errors.append(_("Helper %(n)d: give a name.") % {"n": index + 1})
        if helper.get("role") not in Helper.Role.values:
            errors.append(_("Helper %(n)d: choose a role.") % {"n": index + 1})
    if len(helpers) > MAX_HELPERS:
        errors.append(_("At most %(n)d helpers.") % {"n": MAX_HELPERS})
    if errors:
        raise ValidationError({"helpers": errors})
    return [
        {"name": h["name"].strip()[:64], "role": h["role"], "affiliation": (h.get("affiliation") or "").strip()[:128]}
        for h in helpers
    ]


def _checked_plan(*, starts_at, mode, place, video_link, participants, note, helpers) -> tuple[dict, dict]:
    """(values of a plan, field errors): a time to come, a mode, the place or (online) the video link, who is
    expected, the helpers."""
    errors, place, video_link = {}, (place or "").strip(), (video_link or "").strip()
    if starts_at is None or starts_at <= timezone.now():
        errors["starts_at"] = [_("A session is scheduled ahead: choose a time to come.")]
    if mode not in MediationSession.Mode.values:
        errors["mode"] = [_("Choose a mode.")]
    elif mode == MediationSession.Mode.VIDEO:
        place = ""  # an online session meets at its link
        if not video_link:
            errors["video_link"] = [_("A video session needs its link: paste the meeting link here.")]
        else:
            try:
                URLValidator(schemes=["http", "https"])(video_link)
            except ValidationError:
                errors["video_link"] = [_("Give the video link as a web address starting with https://.")]
    else:
        video_link = ""
        if not place:
            errors["place"] = [_("Give the place where the parties meet.")]
    if not (participants or "").strip():
        errors["participants"] = [_("Say who is expected.")]
    try:
        helpers = _clean_helpers(list(helpers))
    except ValidationError as error:
        errors.update(error.message_dict)
    values = {
        "starts_at": starts_at, "mode": mode, "place": place[:255], "video_link": video_link[:255],
        "participants": (participants or "").strip(), "note": (note or "").strip()[:500],
    }
    return {**values, "helpers": helpers}, errors


def _create_plan(case: Case, actor, values: dict, *, replaces: SessionPlan | None = None) -> SessionPlan:
    """Inside the caller's transaction: the plan with the next number of the case (the case row locked, so that
    two plans made at once do not take the same one) and its helpers."""
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
    number = (SessionPlan.objects.filter(case=case).aggregate(last=Max("number"))["last"] or 0) + 1
    helpers = values["helpers"]
    plan = SessionPlan.objects.create(
        case=case, number=number, replaces=replaces, scheduled_by=actor,
        scheduled_by_name=actor.get_full_name() or actor.get_username(),
        **{name: value for name, value in values.items() if name != "helpers"},
    )
    Helper.objects.bulk_create([Helper(plan=plan, added_by=actor, **helper) for helper in helpers])
    return plan


def _when(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes")


def schedule_session(
    case: Case, actor, *, starts_at, mode: str, place: str = "", video_link: str = "", participants: str,
    note: str = "", helpers: list[dict] = (),
) -> SessionPlan:
    """Plan a session of ``case``; the parties are told once it commits. The case's mediator only."""
    _require(case, actor)
    values, errors = _checked_plan(starts_at=starts_at, mode=mode, place=place, video_link=video_link,
                                   participants=participants, note=note, helpers=helpers)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _create_plan(case, actor, values)
        note_on_case(case, SESSION_SCHEDULED, actor=actor, payload={
            "plan": plan.pk, "starts_at": _when(starts_at), "mode": mode,
        })
    return plan


# What may change when a session is rescheduled, in the order the timeline names them.
CHANGES = {
    "starts_at": pgettext_lazy("rescheduled", "time"), "mode": pgettext_lazy("rescheduled", "mode"),
    "place": pgettext_lazy("rescheduled", "place"), "video_link": pgettext_lazy("rescheduled", "video link"),
    "participants": pgettext_lazy("rescheduled", "participants expected"),
    "note": pgettext_lazy("rescheduled", "note to the parties"),
    "helpers": pgettext_lazy("rescheduled", "outside helpers"),
}


def _helper_rows(helpers) -> list[tuple]:
    return [(h["name"], h["role"], h["affiliation"]) for h in helpers]


def _changed(plan: SessionPlan, values: dict) -> list[str]:
    before = {name: getattr(plan, name) for name in CHANGES if name != "helpers"}
    before["helpers"] = _helper_rows(plan.helpers.values("name", "role", "affiliation"))
    after = {**values, "helpers": _helper_rows(values["helpers"])}
    return [name for name in CHANGES if before[name] != after[name]]


def _still_open(plan: SessionPlan | None, held: str) -> SessionPlan:
    """``plan`` if it is still scheduled; else a ValidationError saying why it cannot change (``held``: what to
    say of a session already held)."""
    if plan is None:
        raise ValidationError({"plan": [_("No such scheduled session of this case.")]})
    reasons = {
        SessionPlan.Status.HELD: held,
        SessionPlan.Status.CANCELLED: _("This session was called off: schedule a new one."),
        SessionPlan.Status.RESCHEDULED: _("This session was already rescheduled: change the new plan instead."),
    }
    if plan.status != SessionPlan.Status.SCHEDULED:
        raise ValidationError({"plan": [reasons[plan.status]]})
    return plan


def reschedule_session(
    case: Case, actor, plan_pk, *, reason: str, starts_at, mode: str, place: str = "", video_link: str = "",
    participants: str, note: str = "", helpers: list[dict] = (),
) -> SessionPlan:
    """Move a scheduled session to another time, place or video link, or change who is expected. The plan as it
    was stays, marked rescheduled with the reason; a new plan replaces it; the timeline says what changed and the
    parties are told. A session already held cannot be rescheduled. The case's mediator only."""
    _require(case, actor)
    values, errors = _checked_plan(starts_at=starts_at, mode=mode, place=place, video_link=video_link,
                                   participants=participants, note=note, helpers=helpers)
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Please give the reason for this move.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _still_open(
            SessionPlan.objects.select_for_update().filter(case=case, pk=plan_pk).first(),
            held=_("This session has been held: it cannot be rescheduled. Schedule the next one instead."),
        )
        changed = _changed(plan, values)
        if not changed:
            raise ValidationError({NON_FIELD_ERRORS: [_("Nothing was changed: give the new time, place or link.")]})
        plan.status, plan.cancelled_by, plan.cancelled_at = SessionPlan.Status.RESCHEDULED, actor, timezone.now()
        plan.cancel_reason = reason[:255]
        plan.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
        new = _create_plan(case, actor, values, replaces=plan)
        payload = {"plan": new.pk, "starts_at": _when(new.starts_at), "mode": new.mode, "changed": changed}
        if "starts_at" in changed:
            payload["previous_starts_at"] = _when(plan.starts_at)
        note_on_case(case, SESSION_RESCHEDULED, actor=actor, reason=reason, payload=payload)
    return new


def cancel_session(case: Case, actor, plan_pk, reason: str) -> SessionPlan:
    """Call off a scheduled session, with the reason; the parties are told."""
    _require(case, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give the reason for this move.")]})
    with transaction.atomic():
        plan = _still_open(
            SessionPlan.objects.select_for_update().filter(case=case, pk=plan_pk).first(),
            held=_("Only a session still scheduled can be called off."),
        )
        plan.status, plan.cancelled_by, plan.cancelled_at = SessionPlan.Status.CANCELLED, actor, timezone.now()
        plan.cancel_reason = reason[:255]
        plan.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
        note_on_case(case, SESSION_CANCELLED, actor=actor, reason=reason, payload={"plan": plan.pk})
    return plan


def call_off_open_plans(event) -> list[SessionPlan]:
    """The case left mediation with ``event`` (re-routed, escalated, agreed, failed, ended): the sessions still
    scheduled are called off in the name of who moved it, each noted (so the parties are told, as when a mediator
    calls one off)."""
    case = Case.objects.get(pk=event.case_id)
    with translation.override("zh-hans"):  # stored on the record, in the language of the record
        reason = _("The case has left mediation: %(move)s.") % {"move": MOVE_LABELS.get(event.move, event.move)}
    called_off = []
    with transaction.atomic():
        for plan in open_plans(case).select_for_update():
            plan.status, plan.cancelled_by, plan.cancelled_at = (
                SessionPlan.Status.CANCELLED, event.actor, timezone.now()
            )
            plan.cancel_reason = reason
            plan.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
            note_on_case(case, SESSION_CANCELLED, actor=event.actor, reason=reason, payload={"plan": plan.pk})
            called_off.append(plan)
    return called_off


def open_plans(case: Case):
    return SessionPlan.objects.filter(case=case, status=SessionPlan.Status.SCHEDULED).order_by("starts_at", "id")


# ---- the record_session move: cases.moves.SessionForm calls these (imported when the form is made) ----

def check_record(case: Case, data: dict) -> dict:
    """The move's own checks of the mediation-work fields; returns field errors ({} when all is well)."""
    errors = {}
    mode = data.get("mode")
    if mode == MediationSession.Mode.BACK_TO_BACK:
        for side in Side.values:
            if not (data.get(f"{side}_record") or "").strip():
                errors[f"{side}_record"] = [_("A back-to-back session keeps a private record for each side.")]
    if mode == MediationSession.Mode.PUBLIC and not (data.get("attendees") or "").strip():
        errors["attendees"] = [_("A public session records who attended.")]
    return errors


def record_details(session: MediationSession, actor, data: dict, helpers: list[dict]) -> None:
    """Inside the move's transaction: the private records, attendance and helpers of ``session``, and the plan
    it completes (``data['plan']``, a SessionPlan of the case still scheduled)."""
    if session.mode == MediationSession.Mode.BACK_TO_BACK:
        SideRecord.objects.bulk_create([
            SideRecord(session=session, side=side, record=data[f"{side}_record"].strip(), recorded_by=actor)
            for side in Side.values
        ])
    if session.mode == MediationSession.Mode.PUBLIC:
        Attendance.objects.create(session=session, attendees=data["attendees"].strip(), headcount=data.get("headcount"))
    plan = data.get("plan")
    if plan is not None:
        updated = SessionPlan.objects.filter(pk=plan.pk, status=SessionPlan.Status.SCHEDULED, session=None).update(
            status=SessionPlan.Status.HELD, session=session,
        )
        if not updated:
            raise ValidationError({"plan": [_("This scheduled session was already held or called off.")]})
    Helper.objects.bulk_create([Helper(session=session, added_by=actor, **helper) for helper in helpers])


# ---- what each reader sees ----

@dataclass
class SessionView:
    """A held session as one reader may see it: ``side_records`` holds only the private records they may read."""

    session: MediationSession
    helpers: list
    attendance: Attendance | None
    side_records: list


def sessions_for_staff(case: Case) -> list[SessionView]:
    """Every held session with both sides' private records: for staff whose jurisdiction covers the case (the
    caller has checked it)."""
    return _views(case, sides=set(Side.values))


def sessions_for_sides(case: Case, sides) -> list[SessionView]:
    """Held sessions as the parties of ``sides`` see them: their own private records only, never the other's."""
    return _views(case, sides=set(sides) & set(Side.values))


def _views(case: Case, *, sides: set) -> list[SessionView]:
    sessions = (
        MediationSession.objects.filter(case=case).select_related("attendance")
        .prefetch_related("helpers", "side_records").order_by("held_at", "id")
    )
    views = []
    for session in sessions:
        views.append(SessionView(
            session=session, helpers=list(session.helpers.all()), attendance=getattr(session, "attendance", None),
            side_records=[record for record in session.side_records.all() if record.side in sides],
        ))
    return views


def plans_for(case: Case) -> list[SessionPlan]:
    """Every plan of the case, soonest first (what parties and staff both see: no private content in a plan)."""
    return list(
        SessionPlan.objects.filter(case=case).select_related("replaces", "replaced_by").prefetch_related("helpers")
        .order_by("starts_at", "id")
    )


def sides_of(case: Case, phone_digest: str) -> set[str]:
    """The sides of ``case`` whose parties have this phone (by its digest): what a logged-in citizen may see."""
    if not phone_digest:
        return set()
    return set(Party.objects.filter(case=case, phone_digest=phone_digest).values_list("role", flat=True))
