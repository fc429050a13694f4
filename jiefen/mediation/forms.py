from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import MediationSession
from jiefen.cases.moves import move_form
from jiefen.cases.workflow import Move
from jiefen.core.forms import DateTimePicker
from jiefen.mediation.fit import conflicts_of
from jiefen.mediation.models import Material, Visibility
from jiefen.mediation.sessions import helpers_text
from jiefen.mediation.walk_in import steps_for

# The sessions.js of the panel shows the place for the modes that meet somewhere and the link for a video session;
# without JavaScript both show, and ``sessions.schedule_session`` says which one the mode needs.
IN_PERSON_MODES = " ".join(mode for mode in MediationSession.Mode.values if mode != MediationSession.Mode.VIDEO)


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimePicker())
    mode = forms.ChoiceField(
        label=_("Mode"), choices=MediationSession.Mode.choices, widget=forms.Select(attrs={"data-session-mode": ""}),
    )
    place = forms.CharField(
        label=_("Place"), max_length=255, required=False,
        widget=forms.TextInput(attrs={"data-modes": IN_PERSON_MODES}),
        help_text=_("Where the parties meet (on site, back-to-back or public sessions)."),
    )
    video_link = forms.CharField(
        label=_("Video link"), max_length=255, required=False,
        widget=forms.URLInput(attrs={"data-modes": MediationSession.Mode.VIDEO, "placeholder": "https://"}),
        help_text=_("The meeting link of a video session: the parties open it from the portal."),
    )
    participants = forms.CharField(label=_("Participants expected"), widget=forms.Textarea(attrs={"rows": 2}))
    helpers = forms.CharField(
        label=_("Outside helpers (joint mediation)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name, role, unit (e.g. 王明，律师，海州律师事务所)."),
    )
    note = forms.CharField(
        label=_("Note to the parties"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What to bring, how to join the video: the parties read it on the portal."),
    )


class RescheduleForm(ScheduleForm):
    """A scheduled session moved or changed: opens with the plan as it stands."""

    reason = forms.CharField(label=_("Why it is rescheduled"), max_length=255)

    @classmethod
    def for_plan(cls, plan, data=None):
        return cls(data, prefix=f"reschedule-{plan.pk}", initial={
            "starts_at": timezone.localtime(plan.starts_at), "mode": plan.mode, "place": plan.place,
            "video_link": plan.video_link, "participants": plan.participants, "note": plan.note,
            "helpers": helpers_text(plan.helpers.all()),
        })


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is called off"), max_length=255)


class WalkInForm(forms.Form):
    """The steps left to take a walk-in on the spot (``walk_in.steps_for``), in one form: the triage's fields as its
    move form has them (filled in with the system's proposal), the method the parties chose, and the reason to take
    the case despite a possible conflict of interest, asked only when the duty mediator is warned of one. Unprefixed:
    what is typed is the data of each move."""

    TRIAGE_FIELDS = ("proposal", "category", "field", "complexity", "risk")

    def __init__(self, data=None, *, case, actor, mediator):
        super().__init__(data)
        steps = steps_for(case)
        if Move.TRIAGE in steps:
            triage = move_form(case, Move.TRIAGE, actor)
            self.fields.update({name: triage.fields[name] for name in self.TRIAGE_FIELDS})
            self.initial.update(triage.initial)
        if Move.CONSENT in steps:
            self.fields["method"] = move_form(case, Move.CONSENT, actor).fields["method"]
        self.conflicts = conflicts_of(mediator, case.parties.only("name", "kind", "address"))
        if self.conflicts:
            self.fields["conflict_reason"] = forms.CharField(
                label=_("Reason to take it despite a possible conflict of interest"),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["reason"] = forms.CharField(
            label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Kept with each step on the timeline, e.g. both parties came to the window together."),
        )


class StaffMaterialForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Material.Kind.choices, initial=Material.Kind.EVIDENCE)
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Visibility.choices, initial=Visibility.SHARED)
    material = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("What changed"), max_length=255, required=False)


class PartyMaterialForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("What it is"), max_length=120, required=False)
    shared = forms.BooleanField(
        label=_("The other side may see it too"), required=False,
        help_text=_("Left unticked, only your side and the mediator see it."),
    )
    material = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("What changed"), max_length=255, required=False)
