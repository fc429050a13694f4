from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.core.forms import DatePicker
from jiefen.followups.models import EnforcementApplication, Keeping, PerformanceMark, Recurrence, Visit

SATISFACTION = [(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")]


class VisitForm(forms.Form):
    """What the party said at a follow-up; staff also say how they reached whom."""

    method = forms.ChoiceField(label=_("How"), choices=[
        (Visit.Method.PHONE, Visit.Method.PHONE.label), (Visit.Method.HOME, Visit.Method.HOME.label)])
    party = forms.ModelChoiceField(label=_("Party reached"), queryset=None, required=False)
    satisfaction = forms.TypedChoiceField(label=_("Satisfaction (1–5)"), choices=SATISFACTION, coerce=int,
                                          widget=forms.RadioSelect)
    keeping = forms.ChoiceField(label=_("Is the agreement being kept?"), choices=Keeping.choices,
                                widget=forms.RadioSelect)
    renewed_dispute = forms.BooleanField(label=_("The dispute has flared up again"), required=False)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, portal=False, **kwargs):
        super().__init__(*args, **kwargs)
        if portal:
            del self.fields["method"], self.fields["party"]
            self.fields["keeping"].choices = [c for c in Keeping.choices if c[0] != Keeping.NONE]
        else:
            self.fields["party"].queryset = case.parties.all()


class ItemForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=255)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2, required=False)
    due_on = forms.DateField(label=_("By"), widget=DatePicker())
    obligor = forms.ModelChoiceField(label=_("Who performs"), queryset=None)
    obligee = forms.ModelChoiceField(label=_("Party owed"), queryset=None)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obligor"].queryset = case.parties.all()
        self.fields["obligee"].queryset = case.parties.all()


class MarkForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PerformanceMark.Status.choices)
    performed_on = forms.DateField(label=_("Performed on"), required=False,
                                   widget=DatePicker())
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class RecurrenceForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=Recurrence.Action.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class EnforcementStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Step"), choices=[
        (s.value, s.label) for s in EnforcementApplication.Status if s != EnforcementApplication.Status.PREPARED
    ])
    on = forms.DateField(label=_("Date"), widget=DatePicker())
    court_case_number = forms.CharField(label=_("Court's case number"), required=False, max_length=64)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Needed when the court closes the application: how and why."))


class CorrectionForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=255)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2, required=False)
    due_on = forms.DateField(label=_("By"), widget=DatePicker())
    reason = forms.CharField(label=_("Reason for the correction"), max_length=255)

    @classmethod
    def of(cls, item, *args, **kwargs):
        """The form for ``item``, filled with its terms as they stand."""
        terms = item.terms
        return cls(*args, prefix=f"correct-{item.pk}", initial={
            "what": terms.what, "amount": terms.amount, "due_on": terms.due_on}, **kwargs)


class WithdrawalForm(forms.Form):
    reason = forms.CharField(label=_("Why the report was wrong"), max_length=255)
