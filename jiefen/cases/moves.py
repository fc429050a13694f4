"""The data each move takes, as one form per move, shared by the workbench and the API.

``perform_move`` checks the move is allowed, validates its form, and hands the resulting field changes and
rows to ``services.transition``; no caller writes a case by itself.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import Agreement, Case, FailureRecord, MediationSession, Party
from jiefen.cases.services import check_move, deadline_for, note_on_case, transition
from jiefen.cases.workflow import MERGED_IN, REASON_REQUIRED, Move
from jiefen.core.forms import DatePicker, DateTimePicker, cleaned_or_raise
from jiefen.core.taxonomy import MEDIATION_METHODS, Category, Channel, Complexity, Field, Method, Risk
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Mediator, Organisation

MEDIATING_KINDS = [
    Organisation.Kind.CENTRE, Organisation.Kind.SUB_CENTRE, Organisation.Kind.STATION,
    Organisation.Kind.PEOPLES_MEDIATION, Organisation.Kind.INDUSTRY_MEDIATION, Organisation.Kind.LAWYER_MEDIATION,
]
AGENCY_KINDS = [
    Organisation.Kind.ADMINISTRATIVE, Organisation.Kind.ARBITRATION, Organisation.Kind.NOTARY, Organisation.Kind.COURT,
]


class MoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case: Case, actor, move: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.case, self.actor, self.move = case, actor, move
        if move in REASON_REQUIRED:
            self.fields["reason"].required = True

    def changes(self) -> dict:
        return {}

    def payload(self, changes: dict) -> dict:
        return {}

    def after(self, case: Case) -> None:
        """Rows that belong to the move, written in the move's transaction."""


class TriageForm(MoveForm):
    """Opens filled in with the system's latest proposal: confirming it as it is accepts the proposal, and any
    field changed is a correction that triage learns from."""

    proposal = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    field = forms.ChoiceField(label=_("Field"), choices=Field.choices)
    complexity = forms.ChoiceField(label=_("Complexity"), choices=Complexity.choices)
    risk = forms.ChoiceField(
        label=_("Risk"), required=False, choices=[("", _("Keep as it is")), *Risk.choices],
        help_text=_("Four-colour warning grade; a group dispute stays orange unless you grade it here."),
    )
    method = forms.ChoiceField(
        label=_("Proposed mediation method"), required=False,
        choices=[("", _("Keep as it is")), *((m.value, m.label) for m in Method if m in MEDIATION_METHODS)],
        help_text=_("Shown to the parties on the portal, who may agree or refuse; consent records their choice."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from jiefen.triage.hooks import latest_proposal  # triage builds on cases: imported when a form is made

        self.proposal = latest_proposal(self.case)
        if self.proposal is not None:
            self.initial.update(self.proposal.values(), proposal=self.proposal.pk)
            if self.proposal.method not in MEDIATION_METHODS:
                self.initial.pop("method")  # a transfer or litigation is proposed; that is another move

    def clean_proposal(self):
        """The proposal the officer had on screen when they decided (a newer one may have come in since)."""
        seen = self.cleaned_data["proposal"]
        if seen and self.proposal is not None and seen != self.proposal.pk:
            self.proposal = self.case.proposals.filter(pk=seen).first() or self.proposal
        return seen

    def changes(self):
        changes = {name: self.cleaned_data[name] for name in ("category", "field", "complexity")}
        for optional in ("risk", "method"):
            if self.cleaned_data[optional]:
                changes[optional] = self.cleaned_data[optional]
        return changes

    def payload(self, changes):
        from jiefen.triage.hooks import corrections

        if self.proposal is None:
            return changes
        # What the system had proposed for each field the officer changed ({} when they accepted it all).
        return {**changes, "proposed": corrections(self.proposal, changes)}

    def after(self, case):
        from jiefen.triage.hooks import record_decision  # triage learns from every decision taken here

        record_decision(case, self.actor, self.changes(), self.proposal)


class ConsentForm(MoveForm):
    method = forms.ChoiceField(
        label=_("Method chosen by the parties"),
        choices=[(m.value, m.label) for m in Method if m in MEDIATION_METHODS],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case.method in MEDIATION_METHODS:
            self.fields["method"].initial = self.case.method  # the method proposed at triage

    def changes(self):
        return {"method": self.cleaned_data["method"]}

    def payload(self, changes):
        return changes


class RefuseForm(MoveForm):
    def changes(self):
        return {"method": Method.LITIGATION}


SPECIALISED_KINDS = [
    Organisation.Kind.SUB_CENTRE, Organisation.Kind.PEOPLES_MEDIATION, Organisation.Kind.INDUSTRY_MEDIATION,
    Organisation.Kind.LAWYER_MEDIATION,
]


def assignable_organisations(case: Case, actor):
    """Where ``actor`` may send ``case`` for mediation: its handling organisation or one level below it, or a
    specialised body, always inside the actor's own subtree (cases go down the ladder a level at a time)."""
    staff = staff_of(actor)
    if staff is None:
        return Organisation.objects.none()
    nearby = Q(pk=case.handling_org_id) | Q(parent=case.handling_org_id) | Q(kind__in=SPECIALISED_KINDS)
    return staff.organisation.subtree().filter(nearby, kind__in=MEDIATING_KINDS, is_active=True)


def agencies_for(actor):
    """The agencies of the actor's own city: the case stays with the sender, who supervises it."""
    staff = staff_of(actor)
    if staff is None:
        return Organisation.objects.none()
    city_root = staff.organisation.path.split("/", 1)[0] + "/"
    return Organisation.objects.filter(path__startswith=city_root, kind__in=AGENCY_KINDS, is_active=True)


class TransferForm(MoveForm):
    organisation = forms.ModelChoiceField(label=_("Agency"), queryset=Organisation.objects.none())
    method = forms.ChoiceField(
        label=_("Method"), choices=[(m.value, m.label) for m in Method if m not in MEDIATION_METHODS]
    )
    # The agency's own time limit (arbitration, notarisation, reconsideration), which the coordinator supervises.
    deadline = forms.DateField(
        label=_("Result expected by"), required=False, widget=DatePicker(),
        help_text=_("The agency's time limit: supervision and the deadline reminders follow it."),
    )
    deadline_basis = forms.CharField(
        label=_("Legal basis of that limit"), required=False, max_length=200,
        help_text=_("For example 劳动争议调解仲裁法:第43条"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = agencies_for(self.actor)

    def clean(self):
        cleaned = super().clean()
        deadline = cleaned.get("deadline")
        if deadline and deadline <= timezone.localdate():
            self.add_error("deadline", _("The deadline must lie in the future."))
        if deadline and not cleaned.get("deadline_basis", "").strip():
            self.add_error("deadline_basis", _("Give the legal basis of the deadline."))
        return cleaned

    def changes(self):
        changes = {"transferred_to": self.cleaned_data["organisation"], "method": self.cleaned_data["method"]}
        if self.cleaned_data.get("deadline"):
            changes.update(deadline=self.cleaned_data["deadline"], deadline_basis=self.cleaned_data["deadline_basis"])
        return changes

    def payload(self, changes):
        payload = {"organisation": self.cleaned_data["organisation"].name, "method": self.cleaned_data["method"]}
        if "deadline" in changes:
            payload.update(deadline=changes["deadline"].isoformat(), deadline_basis=changes["deadline_basis"])
        return payload


class AssignForm(MoveForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    mediator = forms.ModelChoiceField(label=_("Mediator"), queryset=Mediator.objects.none())
    # A mediator related to a party or of a party's work unit may still be chosen, with the reason recorded.
    conflict_reason = forms.CharField(
        label=_("Reason to assign despite a possible conflict of interest"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the mediator chosen is warned of a conflict of interest."),
    )
    conflicts: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = assignable_organisations(self.case, self.actor)
        self.fields["organisation"].queryset = organisations
        self.fields["mediator"].queryset = Mediator.objects.filter(
            organisation__in=organisations, is_active=True
        ).select_related("organisation")

    def clean(self):
        cleaned = super().clean()
        organisation, mediator = cleaned.get("organisation"), cleaned.get("mediator")
        if organisation and mediator and mediator.organisation_id != organisation.pk:
            self.add_error("mediator", _("Choose a mediator of the organisation the case is assigned to."))
        if mediator:
            from jiefen.mediation.fit import conflicts_of  # mediation work builds on cases: imported when used

            self.conflicts = conflicts_of(mediator, self.case.parties.only("name", "kind", "address"))
            if self.conflicts and not (cleaned.get("conflict_reason") or "").strip():
                self.add_error("conflict_reason", _(
                    "%(name)s may not be impartial: %(why)s Choose another mediator, or give the reason to assign "
                    "them anyway."
                ) % {"name": mediator.name, "why": " ".join(self.conflicts)})
        return cleaned

    def changes(self):
        organisation = self.cleaned_data["organisation"]
        if self.case.deadline:
            # A new mediator inherits the clock: reassigning never buys time.
            deadline, basis = self.case.deadline, self.case.deadline_basis
        else:
            deadline, basis = deadline_for(self.case, timezone.localdate())
        return {
            "handling_org": organisation,
            "level": organisation.level,
            "mediator": self.cleaned_data["mediator"],
            "deadline": deadline,
            "deadline_basis": basis,
        }

    def payload(self, changes):
        return {
            "organisation": changes["handling_org"].name,
            "mediator": changes["mediator"].name,
            "deadline": changes["deadline"].isoformat() if changes["deadline"] else None,
            "deadline_basis": changes["deadline_basis"],
            **({"conflicts": self.conflicts, "conflict_reason": self.cleaned_data["conflict_reason"].strip()}
               if self.conflicts else {}),
        }


class SessionForm(MoveForm):
    held_at = forms.DateTimeField(label=_("Held at"), widget=DateTimePicker())
    mode = forms.ChoiceField(label=_("Mode"), choices=MediationSession.Mode.choices)
    place = forms.CharField(label=_("Place or video link"), max_length=255)
    participants = forms.CharField(label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2}))
    record = forms.CharField(label=_("Record"), widget=forms.Textarea(attrs={"rows": 5}))
    # Mediation work (jiefen.mediation): the scheduled session this one completes, each side's private record of a
    # back-to-back session, who attended a public one, the outside helpers of joint mediation.
    plan = forms.TypedChoiceField(
        label=_("Scheduled session it completes"), required=False, coerce=int, empty_value=None, choices=[]
    )
    applicant_record = forms.CharField(
        label=_("Private record of the applicant's side"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Back-to-back: what the applicant's side said alone. The respondent's side never sees it."),
    )
    respondent_record = forms.CharField(
        label=_("Private record of the respondent's side"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Back-to-back: what the respondent's side said alone. The applicant's side never sees it."),
    )
    attendees = forms.CharField(
        label=_("Who attended (public session)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    headcount = forms.IntegerField(label=_("People present"), required=False, min_value=0, max_value=100000)
    # The respondent answered by coming: their contact clock (jiefen.respondent) stops, no visit or notice follows.
    respondent_took_part = forms.BooleanField(
        label=_("The respondent's side took part"), required=False, initial=True,
    )
    helpers = forms.CharField(
        label=_("Outside helpers (joint mediation)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name, role, unit (e.g. 王明，律师，海州律师事务所)."),
    )
    field_order = ["plan", "held_at", "mode", "place", "participants", "record"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from jiefen.mediation.sessions import helpers_text, open_plans  # mediation work builds on cases

        self.plans = {plan.pk: plan for plan in open_plans(self.case).prefetch_related("helpers")}
        self.fields["plan"].choices = [("", _("Not scheduled ahead")), *(
            (pk, f"{timezone.localtime(plan.starts_at):%Y-%m-%d %H:%M} · {plan.get_mode_display()} · {plan.where}")
            for pk, plan in self.plans.items()
        )]
        if self.plans and not self.is_bound:
            plan = next(iter(self.plans.values()))  # the soonest: usually the one being held
            self.initial.update(
                plan=plan.pk, mode=plan.mode, place=plan.where, participants=plan.participants,
                helpers=helpers_text(plan.helpers.all()),
            )
        self.helper_rows: list[dict] = []

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        if held_at > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("A session can only be recorded once it has taken place."))
        if held_at < self.case.registered_at - timezone.timedelta(minutes=5):
            raise ValidationError(_("A session cannot have taken place before the case was registered."))
        return held_at

    def clean_plan(self):
        pk = self.cleaned_data["plan"]
        if pk is None:
            return None
        return self.plans[pk]  # the choices hold only this case's plans still scheduled

    def clean(self):
        cleaned = super().clean()
        from jiefen.mediation.sessions import check_record, parse_helpers

        for field, messages in check_record(self.case, cleaned).items():
            for message in messages:
                self.add_error(field, message)
        plan = cleaned.get("plan")
        if plan is not None and self.add_prefix("helpers") not in self.data:
            # Not said: the helpers the plan expected came (the workbench's form shows them, to change).
            self.helper_rows = [
                {"name": h.name, "role": h.role, "affiliation": h.affiliation} for h in plan.helpers.all()
            ]
            return cleaned
        try:
            self.helper_rows = parse_helpers(cleaned.get("helpers") or "")
        except ValidationError as error:
            for message in error.message_dict["helpers"]:
                self.add_error("helpers", message)
        return cleaned

    def payload(self, changes):
        payload = {"held_at": self.cleaned_data["held_at"].isoformat(), "mode": self.cleaned_data["mode"],
                   # A private record of the respondent's side means they were heard, ticked or not.
                   "respondent_took_part": bool(self.cleaned_data.get("respondent_took_part")
                                                or (self.cleaned_data.get("respondent_record") or "").strip())}
        if self.cleaned_data.get("plan") is not None:
            payload["plan"] = self.cleaned_data["plan"].pk
        return payload

    def after(self, case):
        from jiefen.mediation.sessions import record_details

        session = MediationSession.objects.create(
            case=case, recorded_by=self.actor,
            **{name: self.cleaned_data[name] for name in ("held_at", "mode", "place", "participants", "record")},
        )
        record_details(session, self.actor, self.cleaned_data, self.helper_rows)


class AgreementForm(MoveForm):
    facts = forms.CharField(label=_("Facts and matters in dispute"), widget=forms.Textarea(attrs={"rows": 4}))
    terms = forms.CharField(label=_("Agreed terms"), widget=forms.Textarea(attrs={"rows": 4}))
    performance = forms.CharField(
        label=_("Manner and time limit of performance"), widget=forms.Textarea(attrs={"rows": 2})
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DatePicker())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Drafted from the case: the facts as registered (and the claims), signed today; the mediator edits them.
        facts = self.case.description.strip()
        if self.case.claims.strip():
            facts += f"\n申请人请求：{self.case.claims.strip()}"
        self.initial.setdefault("facts", facts)
        self.initial.setdefault("signed_on", timezone.localdate())

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise ValidationError(_("The signing date cannot be in the future."))
        if signed_on < timezone.localdate(self.case.registered_at):
            raise ValidationError(_("The agreement cannot have been signed before the case was registered."))
        return signed_on

    def payload(self, changes):
        return {"signed_on": self.cleaned_data["signed_on"].isoformat()}

    def after(self, case):
        Agreement.objects.create(
            case=case, recorded_by=self.actor, mediator_name=case.mediator.name,
            organisation_name=case.handling_org.name,
            **{name: self.cleaned_data[name] for name in ("facts", "terms", "performance", "signed_on")},
        )


class FailForm(MoveForm):
    """Mediation failed: why, and the record of undisputed facts that lets a court file the case at once. A case
    a court referred cannot fail without it."""

    cause = forms.ChoiceField(label=_("Why mediation failed"), choices=FailureRecord.Cause.choices)
    undisputed_facts = forms.CharField(
        label=_("Undisputed facts"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The facts both sides confirmed, one per line; they need not prove them again in court."),
    )
    disputed_points = forms.CharField(
        label=_("Points still in dispute"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case.channel == Channel.COURT:
            self.fields["undisputed_facts"].required = True

    def payload(self, changes):
        return {"cause": self.cleaned_data["cause"]}

    def after(self, case):
        FailureRecord.objects.create(
            case=case, recorded_by=self.actor, mediator_name=case.mediator.name if case.mediator else "",
            organisation_name=case.handling_org.name,
            **{name: self.cleaned_data[name] for name in ("cause", "reason", "undisputed_facts", "disputed_points")},
        )


class RespondentAbsentForm(FailForm):
    """The respondent could not be reached or refuses (jiefen.respondent): an outcome of its own, with the record of
    undisputed facts as far as the applicant's side goes; the clock's steps are in the payload. Once it commits the
    applicants are served the guidance on the legal paths left (``jiefen.respondent.services.route_onward``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].choices = [(c.value, c.label) for c in FailureRecord.RESPONDENT_CAUSES]
        self.fields["cause"].label = _("Why the respondent is not in mediation")

    def payload(self, changes):
        from jiefen.respondent.services import clock_payload  # respondent builds on cases

        return {"cause": self.cleaned_data["cause"], **clock_payload(self.case)}


class RerouteForm(MoveForm):
    def changes(self):
        return {"mediator": None, "deadline": None, "deadline_basis": "", "transferred_to": None, "method": ""}

    def payload(self, changes):
        """What the case is re-routed away from, kept in the event: the method, the agency or mediator, the clock."""
        case = self.case
        previous = {
            "previous_method": case.method,
            "previous_agency": case.transferred_to.name if case.transferred_to_id else "",
            "previous_mediator": case.mediator.name if case.mediator_id else "",
            "previous_deadline": case.deadline.isoformat() if case.deadline else "",
            "previous_basis": case.deadline_basis,
        }
        return {key: value for key, value in previous.items() if value}


class ExtendDeadlineForm(MoveForm):
    """A new deadline, with its basis and the parties' consent (who, how); the old one stays in the event, and the
    scheduler treats the new one as a fresh deadline."""

    CONSENT_WAYS = [
        ("in_writing", _("Signed in writing")),
        ("at_session", _("Stated at a session, in the record")),
        ("by_phone", _("By phone, noted by staff")),
    ]

    deadline = forms.DateField(label=_("New deadline"), widget=DatePicker())
    deadline_basis = forms.CharField(label=_("Legal basis of the extension"), max_length=200)
    consenting = forms.MultipleChoiceField(
        label=_("Parties who consented"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one applicant and one respondent, unless an agency handles the case."),
    )
    consent_how = forms.ChoiceField(label=_("How they consented"), required=False, choices=CONSENT_WAYS)
    consent_file = forms.FileField(
        label=_("Signed consent (photo or PDF)"), required=False,
        help_text=_("The consent form the parties signed, photographed or scanned; kept with the case."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_token = ""
        self.parties = {str(party.pk): party for party in self.case.parties.all()}
        self.fields["consenting"].choices = [
            (pk, f"{party.name}（{party.get_role_display()}）") for pk, party in self.parties.items()
        ]
        if self.case.deadline_basis:
            self.fields["deadline_basis"].initial = self.case.deadline_basis

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if self.case.deadline and deadline <= self.case.deadline:
            raise ValidationError(_("The new deadline must come after the present one."))
        return deadline

    def clean_consent_file(self):
        from jiefen.supervision.extensions import check_consent_file, new_token  # supervision builds on cases

        upload = self.cleaned_data.get("consent_file")
        if upload:
            check_consent_file(upload)
            self.consent_token = new_token()
        return upload

    def clean(self):
        cleaned = super().clean()
        consenting = [self.parties[pk] for pk in cleaned.get("consenting") or [] if pk in self.parties]
        roles = {party.role for party in consenting}
        if self.case.transferred_to_id is None and not {Party.Role.APPLICANT, Party.Role.RESPONDENT} <= roles:
            self.add_error("consenting", _("An extension needs the consent of the parties on both sides."))
        if consenting and not cleaned.get("consent_how"):
            self.add_error("consent_how", _("Say how the parties consented."))
        self.consenting = consenting
        return cleaned

    def changes(self):
        return {"deadline": self.cleaned_data["deadline"], "deadline_basis": self.cleaned_data["deadline_basis"]}

    def payload(self, changes):
        how = dict(self.CONSENT_WAYS).get(self.cleaned_data.get("consent_how"), "")
        return {
            "deadline": changes["deadline"].isoformat(),
            "deadline_basis": changes["deadline_basis"],
            "previous_deadline": self.case.deadline.isoformat() if self.case.deadline else "",
            "previous_basis": self.case.deadline_basis,
            "consent": [
                {"party": party.pk, "name": party.name, "role": party.role} for party in self.consenting
            ],
            "consent_how": self.cleaned_data.get("consent_how", ""),
            "consent_how_label": str(how),
            **({"consent_file": self.consent_token} if self.consent_token else {}),
        }

    def after(self, case):
        from jiefen.supervision.extensions import keep_consent_file

        if self.consent_token:
            keep_consent_file(case, self.cleaned_data["consent_file"], self.consent_token, self.actor)


class TerminateForm(MoveForm):
    """The coordinator's termination review (终结评估): what the review found and the reasons from the list, with the
    text of the move's reason; the review is kept as a ``TerminationReview`` (jiefen.supervision)."""

    findings = forms.CharField(
        label=_("Findings of the termination review"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was tried, what the parties said, which paths remain and why mediation cannot go on."),
    )
    termination_reasons = forms.MultipleChoiceField(
        label=_("Reasons for terminating"), widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from jiefen.supervision.models import TerminationReview

        self.fields["termination_reasons"].choices = TerminationReview.Reason.choices

    def payload(self, changes):
        return {"termination_reasons": self.cleaned_data["termination_reasons"]}

    def after(self, case):
        from jiefen.supervision.models import TerminationReview

        staff = staff_of(self.actor)
        TerminationReview.objects.create(
            case=case, findings=self.cleaned_data["findings"], reasons=self.cleaned_data["termination_reasons"],
            reviewed_by=self.actor, reviewed_by_name=self.actor.get_full_name() or self.actor.get_username(),
            organisation_name=staff.organisation.name if staff else "",
        )
        _schedule_follow_ups(case, self.actor)


def _schedule_follow_ups(case, actor):
    """The follow-up visits after closure or termination (jiefen.followups), in the move's transaction."""
    from jiefen.followups.services import schedule_at_closure  # followups builds on cases: imported late

    schedule_at_closure(case)


class CloseForm(MoveForm):
    def after(self, case):
        _schedule_follow_ups(case, self.actor)


class EscalateForm(MoveForm):
    def changes(self):
        target = self.case.handling_org.escalation_target()
        changes = {"handling_org": target, "level": target.level}
        if self.case.mediator_id:
            changes.update(mediator=None, deadline=None, deadline_basis="")
        return changes

    def payload(self, changes):
        return {"from": self.case.handling_org.name, "to": changes["handling_org"].name}


class ReportResultForm(MoveForm):
    def payload(self, changes):
        return {"agency": self.case.transferred_to.name if self.case.transferred_to else ""}


class MergeForm(MoveForm):
    """Merge this case into another open case of the same jurisdiction: this one ends as merged and points at the
    other; the other's timeline records what joined it. Parties, events and documents of both stay as they were."""

    into = forms.CharField(label=_("Number of the case that goes on"), max_length=48)

    def clean_into(self):
        number = self.cleaned_data["into"].strip()
        target = Case.objects.visible_to(self.actor).filter(number=number).first()
        if target is None:
            raise ValidationError(_("No case with this number in your jurisdiction."))
        if target.pk == self.case.pk:
            raise ValidationError(_("A case cannot be merged into itself."))
        if not target.is_open:
            raise ValidationError(_("The case that goes on must still be open."))
        return target

    def changes(self):
        return {"merged_into": self.cleaned_data["into"]}

    def payload(self, changes):
        return {"into": changes["merged_into"].number}

    def after(self, case):
        # Locked and checked again: two officers merging A into B and B into A at once must not both succeed.
        if not Case.objects.select_for_update().get(pk=case.merged_into_id).is_open:
            raise ValidationError({"into": [_("The case that goes on must still be open.")]})
        note_on_case(
            case.merged_into, MERGED_IN, actor=self.actor, reason=self.cleaned_data["reason"],
            payload={"from": case.number},
        )


MOVE_FORMS: dict[str, type[MoveForm]] = {
    Move.TRIAGE: TriageForm,
    Move.REJECT: MoveForm,
    Move.CONSENT: ConsentForm,
    Move.REFUSE: RefuseForm,
    Move.TRANSFER: TransferForm,
    Move.ASSIGN: AssignForm,
    Move.RECORD_SESSION: SessionForm,
    Move.AGREE: AgreementForm,
    Move.FAIL: FailForm,
    Move.REROUTE: RerouteForm,
    Move.REQUEST_TERMINATION: MoveForm,
    Move.TERMINATE: TerminateForm,
    Move.REPORT_RESULT: ReportResultForm,
    Move.ESCALATE: EscalateForm,
    Move.CLOSE: CloseForm,
    Move.REOPEN: RerouteForm,
    Move.WITHDRAW: MoveForm,
    Move.MERGE: MergeForm,
    Move.EXTEND_DEADLINE: ExtendDeadlineForm,
    Move.RESPONDENT_ABSENT: RespondentAbsentForm,
}


def move_form(case: Case, move: str, actor, data=None, prefix: str | None = None, files=None) -> MoveForm:
    return MOVE_FORMS[move](data, files, case=case, actor=actor, move=move, prefix=prefix)


def perform_move(case: Case, move: str, actor, data, files=None) -> Case:
    """Check, validate and make a move (``files``: the uploads of a move that takes one). Raises IllegalMove,
    PermissionDenied, Http404 or ValidationError."""
    if move not in MOVE_FORMS:
        raise ValidationError({"move": [_("Unknown move.")]})
    check_move(case, move, actor)
    form = move_form(case, move, actor, data, files=files)
    cleaned_or_raise(form)
    changes = form.changes()
    return transition(
        case, move, actor=actor, reason=form.cleaned_data.get("reason", ""),
        changes=changes, payload=form.payload(changes), after=form.after,
    )
