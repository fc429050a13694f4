"""Forms of the workbench: the case-list filters and the window registration.

They only collect and shape input; ``jiefen.cases.services`` decides what is valid and what is stored.
"""


from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.cases.assisted import check_consent
from jiefen.cases.groups import MAX_CLAIMANTS, parse_claimant_lines
from jiefen.cases.models import AssistedFiling, ClaimantOutcome, Party, State
from jiefen.cases.moves import MEDIATING_KINDS
from jiefen.cases.search import filter_cases
from jiefen.core.forms import DatePicker
from jiefen.core.taxonomy import LEVEL_RANK, Category, Level
from jiefen.orgs.models import Organisation
from jiefen.regions.models import Region


def _blank(label):
    return [("", label)]


def _indented(organisations, top_level: str):
    """Choices showing the organisation tree by indentation below the user's own level."""
    top = LEVEL_RANK[top_level]
    return [(org.pk, "\u3000" * (top - LEVEL_RANK[org.level]) + org.name) for org in organisations]


def organisations_to_pick(staff, *, kinds=None) -> "list[Organisation]":
    """The user's organisation and those under it, short enough for one select.

    From the county up, village stations are left out (thousands in a city); they are reached through their
    township, and cases reach them later by assignment.
    """
    organisations = staff.organisation.subtree().filter(is_active=True)
    if kinds is not None:
        organisations = organisations.filter(kind__in=kinds)
    if LEVEL_RANK[staff.organisation.level] >= LEVEL_RANK[Level.COUNTY]:
        organisations = organisations.exclude(level=Level.VILLAGE)
    return list(organisations.order_by("path"))


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=64,
        widget=forms.SearchInput(attrs={"placeholder": _("Number, summary or party name")}),
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=_blank(_("All states")) + State.choices)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_blank(_("All categories")) + Category.choices
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=_blank(_("All levels")) + Level.choices)
    org = forms.TypedChoiceField(label=_("Organisation (and those under it)"), required=False, coerce=int)
    registered_from = forms.DateField(
        label=_("Registered from"), required=False, widget=DatePicker()
    )
    registered_to = forms.DateField(
        label=_("Registered to"), required=False, widget=DatePicker()
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {org.pk: org for org in organisations_to_pick(staff)}
        self.fields["org"].choices = _blank(_("All organisations")) + _indented(
            self.organisations.values(), staff.organisation.level
        )

    def filter(self, cases):
        """Narrow ``cases`` by every filter that was given and is valid; invalid ones are shown, not applied."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return filter_cases(
            cases, state=data.get("state", ""), category=data.get("category", ""), level=data.get("level", ""),
            within=self.organisations[data["org"]] if data.get("org") else None,
            registered_from=data.get("registered_from"), registered_to=data.get("registered_to"),
            text=data.get("q", ""),
        )

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


def _region_choices(org: Organisation):
    """Places inside the organisation's region, grouped: villages under their township, townships under
    their county at the city level. Each group offers its own level first."""
    region = org.region
    if region.level == Region.Kind.VILLAGE:
        return [(region.pk, region.name)], Region.objects.filter(pk=region.pk)
    if region.level == Region.Kind.CITY or region.level == Region.Kind.PROVINCE:
        group_level, leaf_level = Region.Kind.COUNTY, Region.Kind.TOWNSHIP
    else:
        group_level, leaf_level = Region.Kind.TOWNSHIP, Region.Kind.VILLAGE
    allowed = Region.objects.filter(code__startswith=region.prefix, level__in=(group_level, leaf_level))
    groups, leaves = [], {}
    for place in allowed.order_by("code"):
        if place.level == group_level:
            groups.append(place)
        else:
            leaves.setdefault(place.parent_id, []).append(place)
    choices = [
        (group.name, [(group.pk, _("%(name)s (itself)") % {"name": group.name})]
         + [(leaf.pk, leaf.name) for leaf in leaves.get(group.pk, [])])
        for group in groups
    ]
    return choices, allowed


class RegistrationForm(forms.Form):
    """The case itself, as the window officer types it; the parties come in ``PartyForm``s beside it."""

    summary = forms.CharField(
        label=pgettext_lazy("case", "Summary"), max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Noise from a neighbour's renovation at night")}),
    )
    description = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 5}))
    claims = forms.CharField(label=_("Claims"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(
        label=_("Amount in dispute (yuan)"), required=False, max_digits=14, decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )
    place = forms.TypedChoiceField(label=_("Place"), coerce=int)
    handling_org = forms.TypedChoiceField(label=_("Handling organisation"), coerce=int)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = staff.organisation
        choices, self.places = _region_choices(organisation)
        self.fields["place"].choices = _blank(_("Choose the village or township")) + choices
        if organisation.region.level == Region.Kind.VILLAGE:
            self.fields["place"].initial = organisation.region.pk
        handlers = organisations_to_pick(staff, kinds=MEDIATING_KINDS)
        if organisation not in handlers:
            handlers.insert(0, organisation)
        self.handlers = {org.pk: org for org in handlers}
        self.fields["handling_org"].choices = _indented(handlers, organisation.level)
        self.fields["handling_org"].initial = organisation.pk

    def clean_place(self):
        place = self.places.filter(pk=self.cleaned_data["place"]).first()
        if place is None:
            raise ValidationError(_("Choose a place inside your organisation's region."))
        return place

    def clean_handling_org(self):
        return self.handlers[self.cleaned_data["handling_org"]]


class WindowRegistrationForm(RegistrationForm):
    """At the window a dispute may also be a group dispute, its claimants pasted as a list."""

    is_group = forms.BooleanField(label=_("Group dispute (many claimants)"), required=False)
    # The applicant form above is the representative, typed in full because they are the one at the window; the
    # others come as a list pasted from the spreadsheet or chat message the group brings, one line each, which is
    # far quicker for dozens of people than a form per person. The representative's own line may be in the list.
    claimants = forms.CharField(
        label=_("Claimants, one per line"), required=False,
        widget=forms.Textarea(attrs={
            "rows": 8, "spellcheck": "false", "class": "mono",
            "placeholder": _("Name, resident ID number, mobile number, amount claimed") + "\n"
            + "王大力，320706198001011236，13812345678，18500",
        }),
        help_text=_(
            "Paste from a spreadsheet or type: name, resident ID number, mobile number and the amount claimed in "
            "yuan (optional), separated by commas or tabs. The applicant below represents the group; if their "
            "line is in the list too, it only gives their amount. Up to %(max)d claimants."
        ) % {"max": MAX_CLAIMANTS},
    )

    def clean(self):
        cleaned = super().clean()
        self.claimant_parties = []
        if cleaned.get("is_group"):
            self.claimant_parties, errors = parse_claimant_lines(cleaned.get("claimants", ""))
            if not self.claimant_parties and not errors:
                errors = [_("List the claimants, one per line.")]
            for error in errors:
                self.add_error("claimants", error)
        return cleaned

    def case_data(self) -> dict:
        """The case's own fields, as ``register_case`` takes them."""
        return {name: value for name, value in self.cleaned_data.items() if name != "claimants"}

    def with_claimants(self, parties: list[dict]) -> list[dict]:
        """The parties of the forms, and for a group dispute the pasted claimants after them, the applicant form
        marked as the representative (its line in the list, if any, gives only its amount claimed)."""
        if not self.cleaned_data.get("is_group"):
            return parties
        representative = next(party for party in parties if party["role"] == Party.Role.APPLICANT)
        representative["is_representative"] = True
        others = []
        for claimant in self.claimant_parties:
            if representative["id_number"] and claimant["id_number"] == representative["id_number"].upper():
                representative["claimed_amount"] = claimant["claimed_amount"]
            else:
                others.append(claimant)
        return parties + others


PARTY_FIELDS = ("kind", "name", "id_number", "phone", "address")
MAX_FURTHER_PARTIES = 8


class PartyForm(forms.Form):
    """One party; the role is fixed by the form's place on the page (applicant, respondent)."""

    kind = forms.ChoiceField(label=_("Person or organisation"), choices=Party.Kind.choices, initial=Party.Kind.PERSON)
    name = forms.CharField(label=_("Name"), max_length=128)
    id_number = forms.CharField(
        label=_("ID number or credit code"), required=False, max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=20, widget=forms.TextInput(attrs={"type": "tel"})
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=255)

    def __init__(self, *args, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role

    @property
    def title(self):
        return Party.Role(self.role).label

    def clean(self):
        """Check the identifiers by the party's own rules at once, so every mistake shows in one round."""
        cleaned = super().clean()
        if "kind" in cleaned:
            party = Party(role=self.role, **{name: cleaned.get(name, "") for name in PARTY_FIELDS})
            try:
                party.clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return cleaned

    def as_party(self) -> dict:
        return {"role": self.role, **{name: self.cleaned_data[name].strip() for name in PARTY_FIELDS}}


class FurtherPartyForm(PartyForm):
    """Another applicant or respondent (several heirs, neighbours, a guarantor); left untouched, it is skipped."""

    role = forms.ChoiceField(label=_("Role"), choices=Party.Role.choices, initial=Party.Role.RESPONDENT)
    field_order = ["role", *PARTY_FIELDS]

    def __init__(self, *args, **kwargs):
        kwargs.update(role=Party.Role.RESPONDENT, empty_permitted=True, use_required_attribute=False)
        super().__init__(*args, **kwargs)

    @property
    def title(self):
        return _("Further party")

    @property
    def is_blank(self) -> bool:
        return not self.has_changed()

    def clean(self):
        self.role = self.cleaned_data.get("role", self.role)
        return super().clean()


def unprefixed(data: QueryDict, prefix: str) -> QueryDict:
    """The keys of one prefixed form (``triage-category`` → ``category``), as the form without prefix reads them."""
    start = f"{prefix}-"
    result = QueryDict(mutable=True)
    for key in data:
        if key.startswith(start):
            result.setlist(key[len(start):], data.getlist(key))
    return result


def registration_forms(
    staff, data=None, *, further: int = 0, bound: bool = True, initial: dict | None = None,
    form_class=RegistrationForm,
):
    """The case form and its party forms: applicant, respondent, then ``further`` more.

    ``bound=False`` carries what was typed over as initial values: the page grows a party form without
    judging the half-filled ones yet. ``initial`` pre-fills the blank case form (a lead from the field).
    """

    def given(prefix=None):
        if data is None:
            return {"initial": initial} if initial and prefix is None else {}
        if bound:
            return {"data": data}
        return {"initial": (unprefixed(data, prefix) if prefix else data).dict()}

    form = form_class(staff=staff, **given())
    roles = (Party.Role.APPLICANT, Party.Role.RESPONDENT)
    parties = [PartyForm(role=role, prefix=role, **given(role)) for role in roles]
    parties += [FurtherPartyForm(prefix=f"party{n}", **given(f"party{n}")) for n in range(further)]
    return form, parties


def show_service_errors(error: ValidationError, form: forms.Form, parties: list[PartyForm]) -> None:
    """Put the service's errors next to the fields they name: ``summary``, ``parties[1].phone``, ``parties``."""
    for key, messages in error.message_dict.items():
        target, field = form, key
        if key.startswith("parties[") and "]." in key:
            index, field = key[len("parties["):].split("].", 1)
            target = parties[int(index)] if index.isdigit() and int(index) < len(parties) else form
        if key == "parties" and getattr(form, "cleaned_data", {}).get("is_group"):
            field = "claimants"  # too few claimants, no representative: said where the claimants are typed
        if field not in target.fields:
            field = None
        for message in messages:
            target.add_error(field, message)


class AssistedFilingForm(forms.Form):
    """代为申请: filed for a person without a smartphone, with the proof of their consent. Used beside a
    registration form (prefix ``assisted``); ``jiefen.cases.assisted`` judges the file."""

    assisted = forms.BooleanField(label=_("Filed on behalf of the person (no smartphone)"), required=False)
    consent_kind = forms.ChoiceField(
        label=_("Consent recorded as"), choices=AssistedFiling.ConsentKind.choices,
        initial=AssistedFiling.ConsentKind.PHOTO, widget=forms.RadioSelect, required=False,
    )
    consent_file = forms.FileField(
        label=_("Consent file"), required=False,
        help_text=_("A photo of the signed or thumb-printed consent form, or a voice note of the person agreeing."),
        widget=forms.FileInput(attrs={"accept": "image/*,audio/*", "capture": "environment"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("assisted"):
            try:
                check_consent(cleaned.get("consent_kind") or "", cleaned.get("consent_file"))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned

    def consent(self) -> dict | None:
        """What ``register_assisted`` takes; None when the filing is not assisted."""
        if not self.cleaned_data.get("assisted"):
            return None
        return {"consent_kind": self.cleaned_data["consent_kind"], "upload": self.cleaned_data["consent_file"]}
class OutcomeForm(forms.Form):
    """One outcome for the claimants ticked in the table: one claimant, or the same for several at once."""

    party = forms.TypedMultipleChoiceField(label=_("Claimants"), coerce=int, choices=())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ClaimantOutcome.Outcome.choices)
    amount = forms.DecimalField(
        label=_("Amount obtained (yuan)"), required=False, max_digits=14, decimal_places=2, min_value=0,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        help_text=_("For “paid in full” leave it empty: each claimant's own amount claimed is taken."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, claimants, **kwargs):
        super().__init__(*args, **kwargs)
        self.claimants = {row.party.pk: row.party for row in claimants}
        self.fields["party"].choices = [(pk, party.name) for pk, party in self.claimants.items()]
        self.fields["party"].error_messages["required"] = _("Tick at least one claimant.")

    def chosen(self) -> list[Party]:
        return [self.claimants[pk] for pk in self.cleaned_data["party"]]
