from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import MediationSession
from jiefen.core.forms import DateTimePicker
from jiefen.mediation.models import Material, Visibility


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimePicker())
    mode = forms.ChoiceField(label=_("Mode"), choices=MediationSession.Mode.choices)
    place = forms.CharField(label=_("Place or video link"), max_length=255)
    participants = forms.CharField(label=_("Participants expected"), widget=forms.Textarea(attrs={"rows": 2}))
    helpers = forms.CharField(
        label=_("Outside helpers (joint mediation)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name, role, unit (e.g. 王明，律师，海州律师事务所)."),
    )
    note = forms.CharField(
        label=_("Note to the parties"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What to bring, how to join the video: the parties read it on the portal."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is called off"), max_length=255)


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
