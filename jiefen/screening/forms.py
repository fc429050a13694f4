"""The grid worker's report form and the lead's closing form; ``jiefen.screening.services`` judges the input."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.cases.models import Party
from jiefen.screening.models import FieldReport
from jiefen.screening.services import field_places
from jiefen.workbench.forms import PartyForm


class FieldReportForm(forms.Form):
    reporter_kind = forms.ChoiceField(
        label=_("I report as"), choices=FieldReport.ReporterKind.choices, initial=FieldReport.ReporterKind.GRID,
        widget=forms.RadioSelect,
    )
    place = forms.ModelChoiceField(label=_("Village or community"), queryset=None, empty_label=None)
    location = forms.CharField(
        label=_("Exact location"), required=False, max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. east side of building 3")}),
    )
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    summary = forms.CharField(
        label=pgettext_lazy("case", "Summary"), max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Two neighbours quarrel over a blocked drain")}),
    )
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}))
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=FieldReport.Urgency.choices, initial=FieldReport.Urgency.NORMAL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = field_places(staff).order_by("code")


def optional_parties(data=None) -> list[PartyForm]:
    """Applicant and respondent, both optional: named together, the report is registered as a case at once."""
    return [
        PartyForm(data, role=role, prefix=role, empty_permitted=True, use_required_attribute=False)
        for role in (Party.Role.APPLICANT, Party.Role.RESPONDENT)
    ]


class CloseLeadForm(forms.Form):
    reason = forms.CharField(
        label=_("Why there is no dispute to register"), widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
