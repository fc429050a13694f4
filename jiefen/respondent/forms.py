from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import Party
from jiefen.respondent.models import RespondentContact


class ContactForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Respondent"), queryset=Party.objects.none())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=RespondentContact.Outcome.choices)
    how = forms.ChoiceField(label=_("By way of"), choices=RespondentContact.How.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(case=case, role=Party.Role.RESPONDENT)
