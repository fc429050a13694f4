"""What the API reads and writes. Serializers check the shape of the input; the rules live in the services.

Nothing here saves a model: registration goes through ``services.register_case`` and moves through
``moves.perform_move``, the same functions the workbench calls.
"""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jiefen.api.schema import NamedChoiceField
from jiefen.cases.groups import MAX_CLAIMANTS
from jiefen.cases.models import (
    Case,
    CaseEvent,
    CaseLink,
    ClaimantOutcome,
    FailureRecord,
    MediationSession,
    Party,
    State,
)
from jiefen.cases.moves import ExtendDeadlineForm
from jiefen.cases.workflow import MOVE_LABELS, MOVES
from jiefen.core.taxonomy import Category, Channel, Complexity, Field, Level, Method, Risk
from jiefen.orgs.models import Organisation
from jiefen.regions.models import Region
from jiefen.supervision.models import TerminationReview
from jiefen.triage.models import Proposal

_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _no_surrogates(value: str) -> None:
    # JSON may carry lone UTF-16 surrogates ("\ud800"); no database can store them.
    if _SURROGATES.search(value):
        raise serializers.ValidationError(_("The text contains characters that cannot be stored."))


class Text(serializers.CharField):
    """A CharField that refuses what the database cannot store (DRF already refuses NUL characters)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_no_surrogates)


AMOUNT_IN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
AMOUNT_OUT = r"^-?[0-9]{1,12}\.[0-9]{2}$"


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": AMOUNT_IN, "examples": ["12000", "3500.50"]}
)
class AmountInput(serializers.DecimalField):
    """Yuan, up to 12 integer digits and 2 decimals, as a string. drf-spectacular's own pattern admits ``"."``."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=2, min_value=0, coerce_to_string=True, **kwargs)


@extend_schema_field({"type": "string", "format": "decimal", "pattern": AMOUNT_OUT, "examples": ["12000.00"]})
class AmountOutput(serializers.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=2, coerce_to_string=True, **kwargs)


# Output


class OrganisationRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True, help_text="GB/T 2260 statistical code, 12 digits.")
    name = serializers.CharField(read_only=True)


class MediatorRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class PartySerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(
        source="masked_id_number", read_only=True,
        help_text="Resident ID number or unified social credit code, masked (3207************12).",
    )
    phone = serializers.CharField(source="masked_phone", read_only=True, help_text="Phone number, masked.")
    is_representative = serializers.BooleanField(
        read_only=True, help_text="Represents the other claimants of a group dispute."
    )
    claimed_amount = AmountOutput(read_only=True, allow_null=True, help_text="Amount this claimant claims, yuan.")

    class Meta:
        model = Party
        fields = ["id", "role", "kind", "name", "id_number", "phone", "address", "is_representative", "claimed_amount"]
        read_only_fields = fields


class PersonalDataSerializer(serializers.ModelSerializer):
    """A party's full numbers, returned once per logged request."""

    class Meta:
        model = Party
        fields = ["id", "name", "id_number", "phone"]
        read_only_fields = fields


class StateField(NamedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(component_name="State", choices=State.choices, **kwargs)


class CaseSerializer(serializers.ModelSerializer):
    state = StateField(read_only=True)
    # Blank until the case is triaged (category, field, complexity) or the parties choose (method).
    category = serializers.ChoiceField(choices=Category.choices, allow_blank=True, read_only=True)
    field = serializers.ChoiceField(choices=Field.choices, allow_blank=True, read_only=True)
    complexity = serializers.ChoiceField(choices=Complexity.choices, allow_blank=True, read_only=True)
    method = serializers.ChoiceField(choices=Method.choices, allow_blank=True, read_only=True)
    risk = serializers.ChoiceField(
        choices=Risk.choices, allow_blank=True, read_only=True,
        help_text="Four-colour warning grade (红 red, 橙 orange, 黄 yellow, 蓝 blue); a group dispute is orange from "
        "registration until triage grades it otherwise, other cases blank until graded.",
    )
    is_group = serializers.BooleanField(
        read_only=True, help_text="A group dispute: many claimants, one representative."
    )
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    amount = AmountOutput(read_only=True, allow_null=True, help_text="Amount in dispute, yuan.")
    place = RegionRefSerializer(read_only=True)
    handling_org = OrganisationRefSerializer(read_only=True)
    mediator = MediatorRefSerializer(read_only=True, allow_null=True)
    transferred_to = OrganisationRefSerializer(read_only=True, allow_null=True)
    parties = PartySerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "number", "channel", "state", "state_label", "summary", "description", "claims", "amount",
            "place", "category", "field", "complexity", "method", "risk", "is_group", "handling_org", "level",
            "mediator", "transferred_to", "deadline", "deadline_basis", "registered_at", "updated_at", "parties",
        ]
        read_only_fields = fields


# Registration


class PartyInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Party.Role.choices)
    kind = serializers.ChoiceField(choices=Party.Kind.choices, default=Party.Kind.PERSON)
    name = Text(max_length=128)
    id_number = Text(
        max_length=18, required=False, allow_blank=True, default="",
        help_text="Resident ID number (person, 18 characters with a valid check digit) or unified social credit "
        "code (organisation).",
    )
    phone = Text(
        max_length=20, required=False, allow_blank=True, default="",
        help_text="A mobile number (13812345678) or a landline with its area code (0518-85821234).",
    )
    address = Text(max_length=255, required=False, allow_blank=True, default="")
    is_representative = serializers.BooleanField(
        required=False, default=False,
        help_text="For a group dispute: this applicant represents the others (exactly one applicant).",
    )
    claimed_amount = AmountInput(
        required=False, allow_null=True, default=None,
        help_text="For a group dispute: what this applicant claims, yuan.",
    )


class CaseCreateSerializer(serializers.Serializer):
    summary = Text(max_length=120)
    description = Text(help_text="The facts of the dispute.")
    claims = Text(required=False, allow_blank=True, default="")
    amount = AmountInput(required=False, allow_null=True, default=None, help_text="Amount in dispute, yuan.")
    place = serializers.CharField(
        min_length=12, max_length=12, validators=[RegexValidator(r"^[0-9]{12}$")],
        help_text="Where the dispute arose: a GB/T 2260 region code, 12 digits.",
    )
    handling_org = serializers.CharField(
        max_length=32, required=False,
        help_text="Code of the organisation that handles the case: the user's own or one under it. "
        "Default: the user's organisation.",
    )
    is_group = serializers.BooleanField(
        required=False, default=False,
        help_text="A group dispute: at least two applicants (the claimants), exactly one of them the representative. "
        "Registered orange (橙).",
    )
    parties = PartyInputSerializer(
        many=True, max_length=MAX_CLAIMANTS + 10,
        help_text=f"At least one applicant and one respondent; a group dispute has up to {MAX_CLAIMANTS} claimants.",
    )

    def validate_place(self, code: str) -> Region:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise serializers.ValidationError(_("There is no region with this code."))
        return region

    def validate_handling_org(self, code: str) -> Organisation:
        # With its region: registration checks that the place lies within it.
        organisation = Organisation.objects.select_related("region").filter(code=code).first()
        if organisation is None:
            raise serializers.ValidationError(_("There is no organisation with this code."))
        return organisation


class CaseFilterSerializer(serializers.Serializer):
    """The case list's query parameters."""

    state = StateField(required=False)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    handling_org = serializers.CharField(
        max_length=32, required=False, help_text="Organisation code: cases handled by it or an organisation under it."
    )
    registered_after = serializers.DateField(required=False, help_text="Registered on or after this day.")
    registered_before = serializers.DateField(required=False, help_text="Registered on or before this day.")
    q = serializers.CharField(
        max_length=100, required=False, allow_blank=True,
        help_text="Search the case number, the summary and the parties' names.",
    )


# Timeline and moves


class CaseEventSerializer(serializers.ModelSerializer):
    move_label = serializers.SerializerMethodField()
    from_state = StateField(allow_null=True, read_only=True, help_text="Null for the registration.")
    to_state = StateField(read_only=True)
    payload = serializers.DictField(read_only=True, help_text="What the move recorded (depends on the move).")

    class Meta:
        model = CaseEvent
        fields = [
            "id", "move", "move_label", "from_state", "to_state", "actor_name", "actor_organisation", "at",
            "reason", "payload",
        ]
        read_only_fields = fields

    def get_move_label(self, event) -> str:
        return str(MOVE_LABELS.get(event.move, event.move))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["from_state"] = data["from_state"] or None
        return data


MOVE_CHOICES = [(move, MOVE_LABELS[move]) for move in MOVES]


class MoveOptionSerializer(serializers.Serializer):
    move = serializers.ChoiceField(choices=MOVE_CHOICES, read_only=True)
    label = serializers.CharField(read_only=True)
    allowed = serializers.BooleanField(read_only=True, help_text="Whether the requesting user may make it now.")
    reason = serializers.CharField(read_only=True, allow_null=True, help_text="Why not, when not allowed.")


def _for(*moves: str) -> str:
    return "For " + ", ".join(f"`{move}`" for move in moves) + "."


class MoveRequestSerializer(serializers.Serializer):
    """A move and its data. Which fields a move takes is said on each field; the others are ignored."""

    move = serializers.ChoiceField(choices=MOVE_CHOICES)
    reason = Text(
        required=False, allow_blank=True,
        help_text="Why. Required for reject, refuse, transfer, fail, reroute, request_termination, terminate, "
        "report_result, escalate, reopen, withdraw, merge, extend_deadline and respondent_absent.",
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False, help_text=_for("triage"))
    field = serializers.ChoiceField(choices=Field.choices, required=False, help_text=_for("triage"))
    complexity = serializers.ChoiceField(choices=Complexity.choices, required=False, help_text=_for("triage"))
    risk = serializers.ChoiceField(
        choices=Risk.choices, required=False,
        help_text="Four-colour warning grade; left out, the case keeps its grade. " + _for("triage"),
    )
    method = serializers.ChoiceField(
        choices=Method.choices, required=False,
        help_text="For `triage` (optional: the mediation method proposed to the parties), `consent` (the mediation "
        "method the parties chose) and `transfer` (a non-mediation method).",
    )
    organisation = serializers.CharField(
        max_length=32, required=False,
        help_text="Organisation code. For `assign` (a mediating organisation in the user's jurisdiction) and "
        "`transfer` (the agency).",
    )
    mediator = serializers.IntegerField(
        min_value=1, max_value=2**53, required=False,
        help_text="Mediator id, of the organisation assigned to. For `assign`.",
    )
    held_at = serializers.DateTimeField(required=False, help_text=_for("record_session"))
    mode = serializers.ChoiceField(
        choices=MediationSession.Mode.choices, required=False, help_text=_for("record_session")
    )
    place = Text(max_length=255, required=False, help_text="Place or video link. " + _for("record_session"))
    participants = Text(required=False, help_text=_for("record_session"))
    record = Text(required=False, help_text=_for("record_session"))
    facts = Text(required=False, help_text=_for("agree"))
    terms = Text(required=False, help_text=_for("agree"))
    performance = Text(required=False, help_text="Manner and time limit of performance. " + _for("agree"))
    signed_on = serializers.DateField(required=False, help_text=_for("agree"))
    into = serializers.CharField(
        max_length=48, required=False, help_text="Number of the open case this one is merged into. " + _for("merge")
    )
    conflict_reason = Text(
        required=False, allow_blank=True,
        help_text="Why the mediator is assigned despite a possible conflict of interest (required then; see "
        "`/api/cases/{id}/mediator-candidates/`). " + _for("assign"),
    )
    plan = serializers.IntegerField(
        min_value=1, max_value=2**53, required=False, allow_null=True,
        help_text="Id of the scheduled session this one completes. " + _for("record_session"),
    )
    applicant_record = Text(
        required=False, allow_blank=True,
        help_text="Back-to-back: the applicant's side's private record (required then). " + _for("record_session"),
    )
    respondent_record = Text(
        required=False, allow_blank=True,
        help_text="Back-to-back: the respondent's side's private record (required then). " + _for("record_session"),
    )
    attendees = Text(
        required=False, allow_blank=True, help_text="Public: who attended (required then). " + _for("record_session")
    )
    headcount = serializers.IntegerField(
        min_value=0, max_value=100000, required=False, allow_null=True,
        help_text="Public: how many people were present. " + _for("record_session"),
    )
    helpers = Text(
        required=False, allow_blank=True,
        help_text="Outside helpers, one per line: `name, role[, unit]`. " + _for("record_session"),
    )
    cause = serializers.ChoiceField(
        choices=FailureRecord.Cause.choices, required=False,
        help_text="Why mediation failed (for `respondent_absent`: respondent_unreachable or respondent_refused). "
        + _for("fail", "respondent_absent"),
    )
    undisputed_facts = Text(
        required=False, allow_blank=True,
        help_text="The facts both sides confirmed, one per line (required for a case a court referred). "
        + _for("fail", "respondent_absent"),
    )
    disputed_points = Text(required=False, allow_blank=True, help_text=_for("fail", "respondent_absent"))
    proposal = serializers.IntegerField(
        min_value=1, max_value=2**53, required=False,
        help_text="Id of the system's proposal the decision answers (default: the latest); the fields that differ "
        "from it are recorded as corrections. " + _for("triage"),
    )
    deadline = serializers.DateField(
        required=False,
        help_text="For `extend_deadline` (the new deadline, after the present one) and `transfer` (optional: the "
        "agency's time limit, which supervision follows).",
    )
    deadline_basis = Text(
        max_length=200, required=False, allow_blank=True,
        help_text="The legal basis of `deadline`, written 法名:第N条. For `extend_deadline` and `transfer`.",
    )
    consenting = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**53), required=False, max_length=500,
        help_text="Ids of the parties who consented to the extension: at least one applicant and one respondent "
        "unless an agency handles the case. " + _for("extend_deadline"),
    )
    consent_how = serializers.ChoiceField(
        choices=[value for value, _label in ExtendDeadlineForm.CONSENT_WAYS], required=False,
        help_text="How the parties consented. " + _for("extend_deadline"),
    )
    findings = Text(required=False, help_text="Findings of the termination review (终结评估). " + _for("terminate"))
    termination_reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=TerminationReview.Reason.choices), required=False, max_length=20,
        help_text="The reasons for terminating, from the list (at least one). " + _for("terminate"),
    )

    def form_data(self) -> dict:
        """The validated input as the move's form reads it (organisation codes become ids)."""
        data = {name: value for name, value in self.validated_data.items() if name != "move"}
        if "organisation" in data:
            organisation = Organisation.objects.filter(code=data["organisation"]).values_list("pk", flat=True).first()
            if organisation is None:
                raise serializers.ValidationError(
                    {"organisation": [_("There is no organisation with this code.")]}
                )
            data["organisation"] = organisation
        return data


# The system's triage proposal


class StatuteSerializer(serializers.Serializer):
    citation = serializers.CharField(read_only=True, help_text="`法名:第N条`, Arabic digits.")
    text = serializers.CharField(read_only=True)
    score = serializers.FloatField(read_only=True)
    matched = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="Words that matched.")
    asked = serializers.ListField(
        child=serializers.CharField(), read_only=True, required=False,
        help_text="Words found only in the licensed questions that cited the article.",
    )


class SimilarCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    score = serializers.FloatField(read_only=True, help_text="Character-bigram overlap (Jaccard), 0 to 1.")


class ProposalSerializer(serializers.ModelSerializer):
    """What the system proposes for a case and why; staff decide at the `triage` move."""

    category = serializers.ChoiceField(choices=Category.choices, read_only=True)
    field = serializers.ChoiceField(choices=Field.choices, read_only=True)
    complexity = serializers.ChoiceField(choices=Complexity.choices, read_only=True)
    risk = serializers.ChoiceField(choices=Risk.choices, read_only=True)
    risk_signals = serializers.ListField(child=serializers.CharField(), read_only=True)
    method = serializers.ChoiceField(choices=Method.choices, read_only=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    mediator = MediatorRefSerializer(read_only=True, allow_null=True)
    statutes = StatuteSerializer(many=True, read_only=True, help_text="Most relevant articles first, at most 10.")
    similar_cases = SimilarCaseSerializer(many=True, read_only=True, help_text="Closed cases of the jurisdiction.")
    reasons = serializers.DictField(
        read_only=True, help_text="Why, per part: `classification` (evidence words), `risk` (signals), "
        "`complexity` (rules), `route` (reasons, candidates), `statutes`, `similar_cases`; each with a Chinese "
        "`explanation` where it has one.",
    )

    class Meta:
        model = Proposal
        fields = [
            "id", "trigger", "model_version", "category", "category_probability", "field", "complexity", "risk",
            "risk_signals", "method", "organisation", "level", "mediator", "deadline", "deadline_basis", "statutes",
            "similar_cases", "reasons", "created_at",
        ]
        read_only_fields = fields


# Likely duplicates and the answers to them


class CaseRefSerializer(serializers.ModelSerializer):
    state = StateField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    channel = serializers.ChoiceField(choices=Channel.choices, read_only=True)
    handling_org = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Case
        fields = ["id", "number", "summary", "channel", "state", "state_label", "handling_org", "registered_at"]
        read_only_fields = fields


class MatchedPartySerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    role = serializers.ChoiceField(choices=Party.Role.choices, read_only=True)


class CaseLinkKindField(NamedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(component_name="CaseLinkKind", choices=CaseLink.Kind.choices, **kwargs)


class DuplicateSerializer(serializers.Serializer):
    """Another case that is likely the same dispute, and why it is suggested."""

    case = CaseRefSerializer(read_only=True, help_text="The other case.")
    party = MatchedPartySerializer(read_only=True, help_text="The party of this case found in the other case.")
    matched_on = serializers.ChoiceField(
        choices=[("id_number", "ID number or credit code"), ("phone", "phone number")], read_only=True,
        help_text="Which number the two cases share.",
    )
    masked_value = serializers.CharField(read_only=True, help_text="The shared number, masked.")
    similarity = serializers.FloatField(
        read_only=True, min_value=0, max_value=1, help_text="How alike the two descriptions are, 0 to 1."
    )


class CaseLinkRequestSerializer(serializers.Serializer):
    other = Text(max_length=48, help_text="Number of the other case, in the user's jurisdiction.")
    kind = CaseLinkKindField(
        help_text="`related`: keep both, linked; `distinct`: not a duplicate, do not suggest the pair again. "
        "To merge, make the `merge` move.",
    )
    reason = Text(
        max_length=255, required=False, allow_blank=True, default="", help_text="Required for `distinct`."
    )


class CaseLinkSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number", read_only=True)
    other = serializers.CharField(source="other.number", read_only=True)
    kind = CaseLinkKindField(read_only=True)
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = CaseLink
        fields = ["id", "case", "other", "kind", "reason", "created_by", "created_at"]
        read_only_fields = fields

    def get_created_by(self, link) -> str:
        return link.created_by.get_full_name() or link.created_by.get_username()
# Group disputes


class ClaimantSerializer(serializers.Serializer):
    """One claimant of a group dispute with their current outcome (the latest recorded; null before any)."""

    party = PartySerializer(read_only=True)
    outcome = serializers.ChoiceField(
        source="outcome.outcome", choices=ClaimantOutcome.Outcome.choices, read_only=True, allow_null=True,
        default=None,
    )
    outcome_label = serializers.CharField(
        source="outcome.get_outcome_display", read_only=True, allow_null=True, default=None
    )
    amount = AmountOutput(
        source="outcome.amount", read_only=True, allow_null=True, default=None, help_text="Amount obtained, yuan."
    )
    note = serializers.CharField(source="outcome.note", read_only=True, allow_null=True, default=None)
    recorded_at = serializers.DateTimeField(source="outcome.recorded_at", read_only=True, allow_null=True, default=None)


class ClaimantOutcomeInputSerializer(serializers.Serializer):
    party = serializers.IntegerField(min_value=1, max_value=2**53, help_text="The claimant's party id.")
    outcome = serializers.ChoiceField(choices=ClaimantOutcome.Outcome.choices)
    amount = AmountInput(
        required=False, allow_null=True, default=None,
        help_text="Amount obtained, yuan. Required for `partly_paid`; for `paid` it defaults to the amount claimed.",
    )
    note = Text(max_length=255, required=False, allow_blank=True, default="")
