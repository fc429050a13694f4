"""Forms of the hotline screens. They only collect input; ``jiefen.hotline.services`` decides and stores.

Turning a call into a case reuses the window's registration forms (``jiefen.workbench.forms``), pre-filled from
the call: the same fields, the same checks, the same service behind them.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.cases.models import Party
from jiefen.core.forms import DateTimePicker
from jiefen.hotline.models import State, Urgency, WorkOrder, takes_calls
from jiefen.orgs.models import Staff
from jiefen.workbench.forms import PartyForm, RegistrationForm

LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


def _local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime(LOCAL_DATETIME)


def _datetime_field(label, **kwargs):
    return forms.DateTimeField(
        label=label, input_formats=[LOCAL_DATETIME, "%Y-%m-%d %H:%M"],
        widget=DateTimePicker(), **kwargs,
    )


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Work order number"), required=False, max_length=40,
        widget=forms.SearchInput(attrs={"placeholder": "RX3207-2026-00001"}),
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *State.choices])
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices]
    )

    def filter(self, orders):
        """Narrow ``orders`` by each valid filter; an invalid one is shown, not applied."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            orders = orders.filter(number__icontains=data["q"].strip())
        if data.get("state"):
            orders = orders.filter(state=data["state"])
        if data.get("urgency"):
            orders = orders.filter(urgency=data["urgency"])
        return orders

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


class CallForm(forms.ModelForm):
    """The desk's one line: who calls, where to call back, what it is about, how urgent. Enter saves it."""

    class Meta:
        model = WorkOrder
        fields = ["caller_name", "callback_number", "summary", "urgency"]
        widgets = {
            "caller_name": forms.TextInput(
                attrs={"autofocus": True, "autocomplete": "off", "placeholder": pgettext_lazy("caller", "Name")}
            ),
            "callback_number": forms.TextInput(
                attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off", "placeholder": "13812345678"}
            ),
            "summary": forms.Textarea(
                attrs={"rows": 2, "maxlength": 1000, "data-enter-submits": "",
                       "placeholder": _("What happened, who with, where; what the caller wants")}
            ),
            "urgency": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["urgency"].choices = Urgency.choices  # no empty choice: 一般 unless the call-taker says so
        self.fields["urgency"].initial = Urgency.NORMAL


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("What the caller was told"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The legal advice given, and where the caller was pointed to."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it needs nothing more"), max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. wrong number; repeated call of work order …")}),
    )


class ScheduleCallbackForm(forms.Form):
    due_at = _datetime_field(_("Call back by"))
    note = forms.CharField(label=_("What to tell the caller"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An hour from now, on the quarter hour: a sensible default to adjust, not to type.
        soon = timezone.localtime() + datetime.timedelta(hours=1)
        soon = soon.replace(minute=soon.minute - soon.minute % 15, second=0, microsecond=0)
        self.fields["due_at"].initial = _local_input(soon)


class RecordCallbackForm(forms.Form):
    note = forms.CharField(
        label=_("How the callback went"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Reached or not, what the caller was told, what they said."),
    )


def conversion_forms(staff, order: WorkOrder, data=None):
    """The window's registration form and the two parties, pre-filled from the call when not yet submitted.

    The caller is the applicant; the other party is typed while the caller is still on the line or at callback.
    The applicant's phone is left blank to mean the callback number, which the page thus never prints in full.
    """
    roles = (Party.Role.APPLICANT, Party.Role.RESPONDENT)
    if data is not None:
        form = RegistrationForm(data, staff=staff)
        parties = [PartyForm(data, role=role, prefix=role) for role in roles]
    else:
        first_line = order.summary.splitlines()[0] if order.summary else ""
        form = RegistrationForm(staff=staff, initial={"summary": first_line[:120], "description": order.summary})
        initial = {Party.Role.APPLICANT: {"kind": Party.Kind.PERSON, "name": order.caller_name}}
        parties = [PartyForm(role=role, prefix=role, initial=initial.get(role)) for role in roles]
    form.fields["description"].widget.attrs["rows"] = 3  # compact: the call's own words are usually short
    form.fields["claims"].widget.attrs["rows"] = 2
    parties[0].fields["phone"].help_text = _("Left blank: the callback number %(number)s.") % {
        "number": order.masked_callback_number
    }
    return form, parties


class ShiftForm(forms.Form):
    """A coordinator puts someone of the centre on the seat."""

    staff = forms.TypedChoiceField(label=_("Who"), coerce=int)
    seat = forms.CharField(label=_("Seat"), max_length=32, initial=_("12348 seat 1"))
    starts_at = _datetime_field(pgettext_lazy("shift", "From"))
    ends_at = _datetime_field(pgettext_lazy("shift", "To"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = [
            member for member in Staff.objects.filter(organisation=organisation).select_related("user")
            .order_by("post", "user__first_name", "user__username") if takes_calls(member)
        ]
        self.people = {member.pk: member for member in people}
        self.fields["staff"].choices = [
            (member.pk, f"{member.user.get_full_name() or member.user.username}（{member.get_post_display()}）")
            for member in people
        ]

    def clean_staff(self):
        return self.people[self.cleaned_data["staff"]]


def shift_form_for(organisation, data=None):
    return ShiftForm(data, organisation=organisation, prefix="shift")

