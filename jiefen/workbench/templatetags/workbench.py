"""Display helpers: masked names, overdue deadlines, readable event payloads, move labels."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import ClaimantOutcome, MediationSession, Party, State
from jiefen.cases.services import can_register
from jiefen.cases.workflow import MOVE_LABELS
from jiefen.core.masking import mask_middle
from jiefen.core.taxonomy import Category, Channel, Complexity, Field, Method, Risk
from jiefen.documents.models import ServiceRecord
from jiefen.followups.models import Keeping, Visit
from jiefen.supervision.models import AgencyAnswer, OutcomeGrade, TerminationReview
from jiefen.supervision.models import Channel as SupervisionChannel

register = template.Library()


@register.filter
def registers_disputes(staff) -> bool:
    """Whether this post takes disputes in, so the navigation offers registration only to those who may."""
    return can_register(staff)


@register.filter
def masked_name(party: Party) -> str:
    """A person's first character and stars (张*, 欧**); an organisation's name is not personal data."""
    if party.kind == Party.Kind.ORGANISATION:
        return party.name
    return mask_middle(party.name, 1, 0)


@register.filter
def is_overdue(case) -> bool:
    return bool(case.deadline) and case.is_open and case.deadline < timezone.localdate()


# Class names for the four colours (the stored values are Chinese characters).
RISK_CLASSES = {Risk.RED: "risk-red", Risk.ORANGE: "risk-orange", Risk.YELLOW: "risk-yellow", Risk.BLUE: "risk-blue"}


@register.inclusion_tag("workbench/partials/risk_badge.html")
def risk_badge(case):
    """The case's four-colour warning grade as a badge that says its colour in words as well."""
    return {"risk": case.risk, "label": case.get_risk_display(), "css": RISK_CLASSES.get(case.risk, "")}


@register.filter
def percent(value) -> str:
    return f"{float(value):.0%}"


@register.filter
def move_label(move: str) -> str:
    return MOVE_LABELS.get(move, move)


@register.filter
def state_label(state: str) -> str:
    return _choice(State)(state) if state else ""


def _choice(choices):
    def label(value):
        try:
            return choices(value).label
        except ValueError:
            return value

    return label


def _date(value):
    day = parse_date(value) if isinstance(value, str) else value
    return formats.date_format(day, "DATE_FORMAT") if isinstance(day, datetime.date) else value


def _datetime(value):
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


def _proposal_corrections(proposed: dict) -> str:
    """A triage event's ``proposed``: what the system had proposed for each field the officer changed."""
    if not proposed:
        return str(_("accepted as proposed"))
    return "；".join(f"{PAYLOAD[name][0]} {PAYLOAD[name][1](value)}" for name, value in proposed.items())


def _consenting(parties: list) -> str:
    """An extension's consenting parties: 张三（申请人）、李四（被申请人）."""
    roles = dict(Party.Role.choices)
    return "、".join(f"{p.get('name', '')}（{roles.get(p.get('role'), '')}）" for p in parties or [])


def _status(value):
    """A court application's or a notarial request's status (jiefen.agreements), or a performance item's or an
    application for enforcement's (jiefen.followups): the first that knows it."""
    from jiefen.agreements.models import CourtApplication, NotarialRequest
    from jiefen.followups.models import EnforcementApplication, PerformanceMark, ScheduleChange

    for choices in (CourtApplication.Status, NotarialRequest.Status, PerformanceMark.Status,
                    EnforcementApplication.Status, ScheduleChange):
        if value in choices.values:
            return choices(value).label
    return value


def _notarial_status(value):
    """A notarial request's status (jiefen.agreements): its own words, as a court's "accepted" is not a notary's."""
    from jiefen.agreements.models import NotarialRequest

    return NotarialRequest.Status(value).label if value in NotarialRequest.Status.values else value


def _via(value):
    """How an urge was sent (jiefen.supervision) or who marked a performance item (jiefen.followups)."""
    from jiefen.followups.models import PerformanceMark

    for choices in (SupervisionChannel, PerformanceMark.Via):
        if value in choices.values:
            return choices(value).label
    return value


def _first_label(value, *choices_classes):
    """The label of ``value`` in the first of the choices that has it, else the value."""
    for choices in choices_classes:
        if value in choices.values:
            return choices(value).label
    return value


def _short_hash(value) -> str:
    """A SHA-256 as its first 12 hex digits: enough to compare by eye, the whole is in the record."""
    return f"{str(value)[:12]}…" if len(str(value)) > 12 else str(value)


def _respondent_action(value):
    from jiefen.respondent.models import Action

    return _choice(Action)(value)


def _contact_outcome(value):
    from jiefen.respondent.models import RespondentContact

    return _choice(RespondentContact.Outcome)(value)


def _contact_how(value):
    from jiefen.respondent.models import RespondentContact

    return _choice(RespondentContact.How)(value)


def _cause(value):
    from jiefen.cases.models import FailureRecord

    return _choice(FailureRecord.Cause)(value)


def _session_changes(values: list) -> str:
    from jiefen.mediation.sessions import CHANGES  # mediation builds on the workbench's case page: imported late

    return "、".join(str(CHANGES.get(value, value)) for value in values or [])


def _termination_reasons(values: list) -> str:
    labels = dict(TerminationReview.Reason.choices)
    return "；".join(str(labels.get(value, value)) for value in values or [])


# What each payload key of a case event means, and how its value reads.
PAYLOAD = {
    "channel": (_("Channel"), _choice(Channel)),
    "category": (_("Category"), _choice(Category)),
    "field": (_("Field"), _choice(Field)),
    "complexity": (_("Complexity"), _choice(Complexity)),
    "method": (_("Method"), lambda value: _first_label(value, Method, Visit.Method)),
    "organisation": (_("Organisation"), str),
    "mediator": (_("Mediator"), str),
    "deadline": (_("Deadline"), _date),
    "deadline_basis": (_("Legal basis"), str),
    "held_at": (_("Held at"), _datetime),
    "mode": (_("Mode"), _choice(MediationSession.Mode)),
    "signed_on": (_("Signed on"), _date),
    "from": (_("From"), str),
    "to": (_("To"), str),
    "agency": (_("Agency"), str),
    "into": (_("Merged into"), str),
    "other": (_("Other case"), str),
    "document": (_("Document"), _choice(ServiceRecord.Document)),
    "served_on": (_("Served on"), str),
    "risk": (_("Risk"), _choice(Risk)),
    "claimants": (_("Number of claimants"), str),
    "claimant": (_("Claimant"), str),
    "outcome": (_("Outcome"), _choice(ClaimantOutcome.Outcome)),
    "amount": (_("Amount (yuan)"), str),
    "proposed": (_("System proposal"), _proposal_corrections),
    # Re-routing, extension, termination review (jiefen.cases.moves) and supervision (jiefen.supervision).
    "previous_method": (_("Previous method"), _choice(Method)),
    "previous_agency": (_("Previous agency"), str),
    "previous_mediator": (_("Previous mediator"), str),
    "previous_deadline": (_("Previous deadline"), _date),
    "previous_basis": (_("Basis of the previous deadline"), str),
    "consent": (_("Consented"), _consenting),
    "consent_how_label": (_("How they consented"), str),
    "termination_reasons": (_("Reasons for terminating"), _termination_reasons),
    "via": (_("By way of"), _via),
    "contact": (_("Contact at the agency"), str),
    "reply_by": (_("Answer requested by"), _date),
    "respondent": (_("Who answered"), str),
    "progress": (_("Progress at the agency"), _choice(AgencyAnswer.Progress)),
    "expected_by": (_("Result expected by"), _date),
    "grade": (_("Grade"), _choice(OutcomeGrade.Grade)),
    "grade_kind": (_("Kind of assessment"), _choice(OutcomeGrade.Kind)),
    # Failure, the scheduler's notes, sessions planned (jiefen.mediation), agreements and the court link
    # (jiefen.agreements), the respondent's contact clock (jiefen.respondent).
    "cause": (_("Cause"), _cause),
    "stage": (_("Step"), str),
    "due_on": (_("Due on"), _date),
    "starts_at": (_("Starts at"), _datetime),
    "previous_starts_at": (_("Previously scheduled for"), _datetime),
    "changed": (_("What was changed"), _session_changes),
    "party": (_("Party"), str),
    "sha256": (_("Text fingerprint (SHA-256)"), _short_hash),
    "status": (_("Status"), _status),
    "court_case_number": (_("Court case number"), str),
    "ruling_number": (_("Ruling number"), str),
    "notarial_status": (_("Status"), _notarial_status),
    "certificate_number": (_("Notarial certificate number"), str),
    "action": (_("Next step"), _respondent_action),
    "clock_started": (_("Clock started on"), _date),
    "steps_fired": (_("Steps taken"), str),
    "contact_outcome": (_("Outcome of the contact"), _contact_outcome),
    "how": (_("By way of"), _contact_how),
    "external_reference": (_("Sender's reference"), str),
    "recipients": (_("Alerted"), lambda names: "、".join(str(n) for n in names or [])),
    "signals": (_("Risk signals"), lambda values: "；".join(str(v) for v in values or [])),
    # Performance of the agreement (jiefen.followups): which application a broken item prepared, if any; what a
    # follow-up visit heard.
    "prepared": (_("Application prepared"), lambda kind: str(PREPARED_APPLICATIONS.get(kind, kind))),
    "satisfaction": (_("Satisfaction (1–5)"), str),
    "keeping": (_("Is the agreement being kept"), _choice(Keeping)),
    "renewed_dispute": (_("The dispute has flared up again"), lambda value: _("yes") if value else _("no")),
    "respondent_took_part": (_("The respondent's side took part"), lambda value: _("yes") if value else _("no")),
}
PREPARED_APPLICATIONS = {
    "judicial": _("Application for judicial confirmation"), "enforcement": _("Application for enforcement"),
}
# The number is in the page header; the record is an internal id; the consent's way is shown by its label, and its
# file by a link (jiefen.supervision's ``extension_consent``).
HIDDEN_PAYLOAD = {"number", "service_record", "consent_how", "consent_file", "plan", "alert", "item", "visit"}


def labelled_items(payload: dict, labels: dict, hidden: set) -> list[tuple[str, str]]:
    """An event payload as (label, shown value) pairs, skipping ``hidden`` keys and empty values; ``labels`` maps a
    key to its label and a function showing its value; unknown keys appear as they are."""
    items = []
    for key, value in (payload or {}).items():
        if key in hidden or value in (None, ""):
            continue
        label, show = labels.get(key, (key, str))
        items.append((label, show(value)))
    return items


@register.filter
def payload_items(payload: dict) -> list[tuple[str, str]]:
    """The case event's payload as (label, value) pairs in a stable order; unknown keys as they are."""
    return labelled_items(payload, PAYLOAD, HIDDEN_PAYLOAD)
