"""Forms of the supervision screens: they shape input; ``services`` decides what is valid and stored."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiefen.core.forms import DatePicker
from jiefen.orgs.models import Organisation
from jiefen.supervision import agencies
from jiefen.supervision.matters import TRANSFER
from jiefen.supervision.models import AgencyAnswer, Channel, OutcomeGrade

AGENCY_KIND_CHOICES = [
    ("", _("All agencies")),
    (Organisation.Kind.ARBITRATION, _("Arbitration")),
    (Organisation.Kind.NOTARY, _("Notary offices")),
    (Organisation.Kind.COURT, _("Courts")),
    (Organisation.Kind.ADMINISTRATIVE, _("Administrative organs")),
]
STATUS_CHOICES = [("open", _("Waiting for the agency's result")), ("done", _("Result came back")), ("", _("All"))]


def _date_input():
    return DatePicker()


class SupervisionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=64,
        widget=forms.SearchInput(attrs={"placeholder": _("Number or summary")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES, initial="open")
    agency_kind = forms.ChoiceField(label=_("Kind of agency"), required=False, choices=AGENCY_KIND_CHOICES)
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    urges_overdue = forms.BooleanField(label=_("Urges unanswered past their date"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {agency.pk: agency for agency in agencies}
        self.fields["agency"].choices = [("", _("All agencies"))] + [(pk, a.name) for pk, a in self.agencies.items()]

    def filters(self) -> dict:
        """The valid filters as ``services.supervised_cases`` takes them; without any, the open cases."""
        if not self.is_bound:
            return {"status": "open"}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status", "open") if "status" in data else "open",
            "agency_kind": data.get("agency_kind", ""),
            "agency": self.agencies.get(data.get("agency")),
            "overdue": bool(data.get("overdue")),
            "urges_overdue": bool(data.get("urges_overdue")),
            "text": data.get("q", ""),
        }


class UrgeForm(forms.Form):
    """An urge to the agency a case waits for (about ``matter``, the key of one of its open matters): through the
    platform when it works on it, by text message when the registry has a contact with a mobile there, by phone,
    letter or visit always."""

    matter = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    channel = forms.ChoiceField(label=_("Urge by way of"), choices=Channel.choices)
    agency_contact = forms.TypedChoiceField(
        label=_("Contact of the registry"), required=False, coerce=int, empty_value=None,
        help_text=_("A text message goes to this contact's mobile."),
    )
    contact = forms.CharField(label=_("Contact at the agency"), max_length=128, required=False,
                              help_text=_("The person, office or number urged, when not from the registry"))
    content = forms.CharField(label=_("What was asked"), widget=forms.Textarea(attrs={"rows": 2}))
    reply_by = forms.DateField(label=_("Answer requested by"), required=False, widget=_date_input())

    def __init__(self, *args, on_platform: bool = False, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        textable = agencies.textable(contacts)
        offered = {Channel.PHONE, Channel.LETTER, Channel.VISIT}
        if on_platform:
            offered.add(Channel.PLATFORM)
        if textable:
            offered.add(Channel.SMS)
        # The ways the platform itself reaches the agency first.
        order = [Channel.PLATFORM, Channel.SMS, Channel.PHONE, Channel.LETTER, Channel.VISIT]
        self.fields["channel"].choices = [(value, Channel(value).label) for value in order if value in offered]
        self.fields["channel"].initial = (
            Channel.PLATFORM if on_platform else Channel.SMS if textable else Channel.PHONE
        )
        if contacts:
            self.fields["agency_contact"].choices = [("", "—")] + [(c.pk, c.label) for c in contacts]
        else:
            del self.fields["agency_contact"]


def urge_form(case, data=None, matter=None) -> UrgeForm:
    """The urge form about ``matter`` (by default the case's transfer): the ways that reach its agency, and the
    agency's contacts of the registry."""
    if matter is None:
        agency, key, auto_id = case.transferred_to, TRANSFER, "id_%s"
    else:  # one form for each of the agreement's matters on the page, each with ids of its own
        agency, key, auto_id = matter.agency, matter.key, f"urge-{matter.key}-%s"
    return UrgeForm(data, on_platform=agencies.on_platform(agency), contacts=agencies.contacts_of(agency),
                    initial={"matter": key}, auto_id=auto_id)


class AgencyAnswerForm(forms.Form):
    """The agency's own answer to an urge, on its staff's queue."""

    progress = forms.ChoiceField(label=_("Progress"), choices=AgencyAnswer.Progress.choices)
    content = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
    expected_by = forms.DateField(label=_("Result expected by"), required=False, widget=_date_input())


class AnswerForm(forms.Form):
    matter = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    urge = forms.TypedChoiceField(label=_("Answer to"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(label=_("Answered by way of"), choices=Channel.choices)
    respondent = forms.CharField(label=_("Who answered"), max_length=128)
    progress = forms.ChoiceField(label=_("Progress at the agency"), choices=AgencyAnswer.Progress.choices)
    content = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
    expected_by = forms.DateField(label=_("Result expected by"), required=False, widget=_date_input())

    def __init__(self, *args, urges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["urge"].choices = [("", _("No urge: the agency reported of its own accord"))] + [
            (urge.pk, f"{timezone.localtime(urge.at):%Y-%m-%d %H:%M} {urge.get_channel_display()} · {urge.contact}")
            for urge in urges
        ]


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=OutcomeGrade.Grade.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    party_feedback = forms.CharField(
        label=_("Parties' feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the parties said of the handling and the result (rating, follow-up call)."),
    )
