from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.agreements.models import CourtApplication, NotarialRequest
from jiefen.agreements.services import courts, notaries
from jiefen.core.forms import DatePicker


class ApplicationForm(forms.Form):
    court = forms.ModelChoiceField(label=_("Court"), queryset=courts(), required=False)
    basis = forms.CharField(
        label=_("Why this court"), required=False, max_length=255,
        help_text=_("Needed only for another court than the one proposed: the parties' domicile or the place of "
                    "the property (Civil Procedure Law art. 205 (2))."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts().order_by("path")


class CourtStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Step"), choices=[
        (s.value, s.label) for s in CourtApplication.Status if s != CourtApplication.Status.PREPARED
    ])
    on = forms.DateField(label=_("Date"), widget=DatePicker())
    court_case_number = forms.CharField(label=_("Court's case number"), required=False, max_length=64)
    ruling_number = forms.CharField(label=_("Ruling number"), required=False, max_length=64)
    ruling_text = forms.CharField(label=_("Ruling"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason for withdrawing"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Needed when the parties withdraw the application."))


class NotarialForm(forms.Form):
    notary = forms.ModelChoiceField(label=_("Notary office"), queryset=notaries())
    undertaking = forms.BooleanField(
        label=_("The agreement states that the debtor accepts compulsory enforcement"), required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notary"].queryset = notaries()


class NotaryResultForm(forms.Form):
    """The notary office's step: by its own staff on the platform, or by the case's mediators for an office off it."""

    status = forms.ChoiceField(label=_("Step"), choices=[
        (s.value, s.label) for s in NotarialRequest.Status if s != NotarialRequest.Status.REQUESTED
    ])
    on = forms.DateField(label=_("Date"), widget=DatePicker())
    certificate_number = forms.CharField(
        label=_("Certificate number"), required=False, max_length=64,
        help_text=_("The number of the notarial certificate with enforcement effect, once issued."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Needed when the office refuses: the reason."))
