"""The data each move takes, as one form per move, shared by the workbench and the API.

``perform_move`` checks the move is allowed, validates its form, and hands the resulting field changes and
rows to ``services.transition``; no caller writes a case by itself.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import Agreement, Case, FailureRecord, MediationSession
from jiefen.cases.services import check_move, deadline_for, note_on_case, transition
from jiefen.cases.workflow import MERGED_IN, REASON_REQUIRED, Move
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = agencies_for(self.actor)

    def changes(self):
        return {"transferred_to": self.cleaned_data["organisation"], "method": self.cleaned_data["method"]}

    def payload(self, changes):
        return {"organisation": self.cleaned_data["organisation"].name, "method": self.cleaned_data["method"]}


class AssignForm(MoveForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    mediator = forms.ModelChoiceField(label=_("Mediator"), queryset=Mediator.objects.none())

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
        }


class SessionForm(MoveForm):
    held_at = forms.DateTimeField(label=_("Held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    mode = forms.ChoiceField(label=_("Mode"), choices=MediationSession.Mode.choices)
    place = forms.CharField(label=_("Place or video link"), max_length=255)
    participants = forms.CharField(label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2}))
    record = forms.CharField(label=_("Record"), widget=forms.Textarea(attrs={"rows": 5}))

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        if held_at > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("A session can only be recorded once it has taken place."))
        if held_at < self.case.registered_at - timezone.timedelta(minutes=5):
            raise ValidationError(_("A session cannot have taken place before the case was registered."))
        return held_at

    def payload(self, changes):
        return {"held_at": self.cleaned_data["held_at"].isoformat(), "mode": self.cleaned_data["mode"]}

    def after(self, case):
        MediationSession.objects.create(
            case=case, recorded_by=self.actor,
            **{name: self.cleaned_data[name] for name in ("held_at", "mode", "place", "participants", "record")},
        )


class AgreementForm(MoveForm):
    facts = forms.CharField(label=_("Facts and matters in dispute"), widget=forms.Textarea(attrs={"rows": 4}))
    terms = forms.CharField(label=_("Agreed terms"), widget=forms.Textarea(attrs={"rows": 4}))
    performance = forms.CharField(
        label=_("Manner and time limit of performance"), widget=forms.Textarea(attrs={"rows": 2})
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))

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


class RerouteForm(MoveForm):
    def changes(self):
        return {"mediator": None, "deadline": None, "deadline_basis": "", "transferred_to": None, "method": ""}


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
    Move.TERMINATE: MoveForm,
    Move.REPORT_RESULT: ReportResultForm,
    Move.ESCALATE: EscalateForm,
    Move.CLOSE: MoveForm,
    Move.REOPEN: RerouteForm,
    Move.WITHDRAW: MoveForm,
    Move.MERGE: MergeForm,
}


def move_form(case: Case, move: str, actor, data=None, prefix: str | None = None) -> MoveForm:
    return MOVE_FORMS[move](data, case=case, actor=actor, move=move, prefix=prefix)


def perform_move(case: Case, move: str, actor, data) -> Case:
    """Check, validate and make a move. Raises IllegalMove, PermissionDenied, Http404 or ValidationError."""
    if move not in MOVE_FORMS:
        raise ValidationError({"move": [_("Unknown move.")]})
    check_move(case, move, actor)
    form = move_form(case, move, actor, data)
    if not form.is_valid():
        raise ValidationError(
            {field: [error["message"] for error in errors] for field, errors in form.errors.get_json_data().items()}
        )
    changes = form.changes()
    return transition(
        case, move, actor=actor, reason=form.cleaned_data.get("reason", ""),
        changes=changes, payload=form.payload(changes), after=form.after,
    )
