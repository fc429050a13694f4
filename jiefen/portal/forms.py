import secrets

from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import Party
from jiefen.regions.models import Region


def township_choices():
    """Townships (街道、乡镇), grouped by county, for a citizen to find their own."""
    groups: dict[str, list] = {}
    # Plain rows, not model instances: every form (its page and each submission) reads the city's townships.
    rows = Region.objects.filter(level="township").order_by("code").values_list("code", "name", "parent__name")
    for code, name, county in rows:
        groups.setdefault(county or "", []).append((code, name))
    return [("", _("Choose the township or street"))] + [(county, items) for county, items in groups.items()]


def village_choices(township_code: str):
    """The villages and communities of a township; the first choice leaves it at the township."""
    villages = Region.objects.filter(level="village", parent__code=township_code).order_by("code").values_list(
        "code", "name"
    ) if township_code else []
    return [("", _("Not sure, or not in a village or community")), *villages]


class DisputeForm(forms.Form):
    summary = forms.CharField(label=_("What is the dispute about, in one sentence"), max_length=120)
    description = forms.CharField(
        label=_("What happened, in your own words"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("When and where it happened, who is involved, what you have tried so far."),
    )
    claims = forms.CharField(label=_("What you ask for"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label=_("Amount in dispute (yuan), if any"), required=False, min_value=0,
                                max_digits=14, decimal_places=2)
    township = forms.ChoiceField(label=_("Where it happened: township or street"))
    place = forms.ChoiceField(label=_("Village or community"), required=False)
    applicant_name = forms.CharField(label=_("Your name"), max_length=128)
    applicant_id_number = forms.CharField(label=_("Your ID card number"), max_length=18, required=False)
    applicant_address = forms.CharField(label=_("Your address"), max_length=255, required=False)
    respondent_kind = forms.ChoiceField(label=_("The other party is"), choices=Party.Kind.choices,
                                        widget=forms.RadioSelect, initial=Party.Kind.PERSON)
    respondent_name = forms.CharField(label=_("Their name"), max_length=128)
    respondent_id_number = forms.CharField(
        label=_("Their ID number or credit code, if you know it"), max_length=18, required=False)
    respondent_phone = forms.CharField(label=_("Their phone, if you know it"), max_length=20, required=False)
    respondent_address = forms.CharField(label=_("Their address, if you know it"), max_length=255, required=False)

    # A one-time key per opened form: sending the same form again (a double tap, a retry after a lost answer)
    # returns the dispute the first send registered instead of registering it twice.
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    PARTY_FIELDS = {0: "applicant", 1: "respondent"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = secrets.token_urlsafe(24)
        self.fields["township"].choices = township_choices()
        self.fields["place"].choices = village_choices(self.data.get("township", "") if self.is_bound else "")
        self.fields["township"].widget.attrs.update({
            "hx-get": reverse_lazy("portal:villages"), "hx-target": "#id_place", "hx-trigger": "change",
        })

    def dispute(self, phone: str) -> dict:
        data = self.cleaned_data
        return {
            "place": Region.objects.get(code=data["place"] or data["township"]),
            "summary": data["summary"], "description": data["description"], "claims": data["claims"],
            "amount": data["amount"],
            "parties": [
                {"role": Party.Role.APPLICANT, "kind": Party.Kind.PERSON, "name": data["applicant_name"],
                 "id_number": data["applicant_id_number"], "phone": phone, "address": data["applicant_address"]},
                {"role": Party.Role.RESPONDENT, "kind": data["respondent_kind"], "name": data["respondent_name"],
                 "id_number": data["respondent_id_number"], "phone": data["respondent_phone"],
                 "address": data["respondent_address"]},
            ],
        }

    def renew_key(self) -> None:
        """A fresh key for a form whose key was already used for other content, so that it can be sent again."""
        self.data = self.data.copy()
        self.data["submission_key"] = secrets.token_urlsafe(24)

    def add_service_errors(self, error) -> None:
        """Put each of the service's errors (``parties[1].id_number``) next to the field it is about."""
        for key, messages in error.message_dict.items():
            field = key
            if key.startswith("parties[") and "]." in key:
                index, name = key[len("parties["):].split("].", 1)
                prefix = self.PARTY_FIELDS.get(int(index))
                field = f"{prefix}_{name}" if prefix else None
            elif key == "parties":
                field = None
            if field not in self.fields:
                field = None
            for message in messages:
                self.add_error(field, message)


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
                                   choices=[(n, format_lazy("{} {}", "★" * n, word)) for n, word in [
                                       (5, _("Very satisfied")), (4, _("Satisfied")), (3, _("Fair")),
                                       (2, _("Dissatisfied")), (1, _("Very dissatisfied"))]])
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))
