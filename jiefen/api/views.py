"""The REST API over cases: thin views that validate the input's shape and call the services.

Every case is fetched through ``Case.objects.visible_to`` (lists) or ``services.access_case`` (one case),
so the API sees exactly what the user's jurisdiction covers; a case outside it answers 404.
"""


from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.utils.serializer_helpers import ReturnDict

from jiefen.api.errors import error_responses
from jiefen.api.examples import CLAIMANT_OUTCOME, MOVE_EXAMPLES, REGISTRATION
from jiefen.api.pagination import Pagination
from jiefen.api.serializers import (
    CaseCreateSerializer,
    CaseEventSerializer,
    CaseFilterSerializer,
    CaseLinkRequestSerializer,
    CaseLinkSerializer,
    CaseSerializer,
    ClaimantOutcomeInputSerializer,
    ClaimantSerializer,
    DuplicateSerializer,
    MoveOptionSerializer,
    MoveRequestSerializer,
    PersonalDataSerializer,
    ProposalSerializer,
)
from jiefen.cases.duplicates import likely_duplicates, link_cases, mark_distinct
from jiefen.cases.groups import Claimant, claimants, record_outcome
from jiefen.cases.models import Case, CaseLink, Party
from jiefen.cases.moves import perform_move
from jiefen.cases.search import filter_cases
from jiefen.cases.services import access_case, check_move, register_case, reveal_personal_data
from jiefen.cases.workflow import options_for
from jiefen.core.idempotency import KeyReused, run_once
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Organisation
from jiefen.triage.hooks import latest_proposal, may_request_proposal, request_proposal

CASE_RELATED = ("place", "handling_org", "mediator", "transferred_to")
CASE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The case's id.")
PARTY_ID = OpenApiParameter("party_id", int, OpenApiParameter.PATH, description="The party's id.")


class ObtainTokenView(ObtainAuthToken):
    # No authentication on the login itself: a stale token in the header must not stop a user getting a new one.
    authentication_classes = ()
    # JSON like the rest of the API: one request body type is what generated clients handle well.
    parser_classes = (JSONParser,)

    @extend_schema(
        operation_id="obtain_token",
        summary="Obtain an API token",
        description="Exchange a username and password for the user's token; send it as "
        "`Authorization: Token <key>`.",
        tags=["auth"],
        request=AuthTokenSerializer,
        responses={200: AuthTokenSerializer, **error_responses(400)},
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


def _register_once(request, key: str, register) -> tuple[int, bool]:
    if len(key) > 128:
        raise DjangoValidationError({"Idempotency-Key": [_("An Idempotency-Key has at most 128 characters.")]})
    try:
        return run_once(f"api.register_case:{request.user.pk}", key, request.data, register)
    except KeyReused:
        raise DjangoValidationError(
            {"Idempotency-Key": [_("This Idempotency-Key was already used for a different registration.")]}
        ) from None


# CaseSerializer's fields take no context, so one instance, its fields built once per process, represents any
# case: building them for each answer (a ModelSerializer reads the model's fields and deep-copies its declared ones)
# cost more than the rest of the representation. The answer is the same, ``CaseSerializer(case).data``.
_CASE_REPRESENTATION = CaseSerializer()


def _case_data(case: Case) -> ReturnDict:
    return ReturnDict(_CASE_REPRESENTATION.to_representation(case), serializer=_CASE_REPRESENTATION)


def _filtered(queryset, params: dict):
    within = None
    if "handling_org" in params:
        within = Organisation.objects.filter(code=params["handling_org"]).first()
        if within is None:
            return queryset.none()
    return filter_cases(
        queryset, state=params.get("state", ""), category=params.get("category", ""), level=params.get("level", ""),
        within=within, registered_from=params.get("registered_after"), registered_to=params.get("registered_before"),
        text=params.get("q", ""),
    )


@extend_schema_view(
    list=extend_schema(
        operation_id="list_cases",
        summary="List the cases in the user's jurisdiction",
        parameters=[CaseFilterSerializer],
        responses={200: CaseSerializer(many=True), **error_responses(400, 401, 403, 404)},
    ),
    create=extend_schema(
        operation_id="register_case",
        summary="Register a case",
        description="Registers a case at the window for the user's organisation (or `handling_org`, one under it), "
        "numbers it and opens its timeline.",
        request=CaseCreateSerializer,
        examples=[REGISTRATION],
        parameters=[
            OpenApiParameter(
                "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
                description="Any unique string of up to 128 characters, chosen by the client per registration. A "
                "retry with the same key and body answers with the case the first request created (header "
                "`Idempotent-Replayed: true`) and never creates a second one; the same key with another body is "
                "refused (400).",
            ),
            OpenApiParameter(
                "Location", str, OpenApiParameter.HEADER, response=[201], description="The new case's URL."
            ),
            OpenApiParameter(
                "Idempotent-Replayed", str, OpenApiParameter.HEADER, response=[201],
                description="`true` when this answers a retried request instead of registering again.",
            ),
        ],
        responses={201: CaseSerializer, **error_responses(400, 401, 403)},
    ),
    retrieve=extend_schema(
        operation_id="get_case",
        summary="Read a case",
        parameters=[CASE_ID],
        responses={200: CaseSerializer, **error_responses(401, 403, 404)},
    ),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    pagination_class = Pagination
    parser_classes = [JSONParser]
    queryset = Case.objects.none()  # the real one is scoped per request, in get_queryset
    # Any id reaches access_case, which answers a JSON 404 for "1.6" as for a case out of reach.
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return (
            Case.objects.visible_to(self.request.user)
            .select_related(*CASE_RELATED)
            .prefetch_related("parties")
        )

    def filter_queryset(self, queryset):
        filters = CaseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return _filtered(queryset, filters.validated_data)

    def get_object(self):
        return access_case(self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        registered = []

        def register():
            registered.append(register_case(
                actor=request.user,
                handling_org=data.get("handling_org") or staff_of(request.user).organisation,
                place=data["place"],
                summary=data["summary"],
                description=data["description"],
                claims=data["claims"],
                amount=data["amount"],
                is_group=data["is_group"],
                parties=[dict(party) for party in data["parties"]],
            ))
            return registered[0]

        key = request.headers.get("Idempotency-Key", "").strip()
        case_pk, ran_now = _register_once(request, key, register) if key else (register().pk, True)
        replayed = not ran_now
        # A case registered now is answered as it was saved; a replayed one is read again, within the jurisdiction.
        case = registered[0] if ran_now else access_case(request.user, case_pk)
        location = reverse("api:case-detail", kwargs={"pk": case.pk}, request=request)
        headers = {"Location": location, **({"Idempotent-Replayed": "true"} if replayed else {})}
        return Response(_case_data(case), status=status.HTTP_201_CREATED, headers=headers)

    @extend_schema(
        operation_id="list_case_events",
        summary="Read a case's timeline",
        description="Every move made on the case, oldest first, starting with its registration.",
        parameters=[CASE_ID],
        responses={200: CaseEventSerializer(many=True), **error_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, pk=None):
        case = self.get_object()
        return Response(CaseEventSerializer(case.events.all(), many=True).data)

    @extend_schema(
        operation_id="reveal_personal_data",
        summary="Reveal a party's full ID and phone numbers",
        description="For staff whose jurisdiction covers the case. Every request is logged (who, organisation, "
        "when) and the party can see the log; lists and other responses only ever carry masked numbers.",
        parameters=[CASE_ID, PARTY_ID],
        request=None,
        responses={200: PersonalDataSerializer, **error_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["post"], url_path=r"parties/(?P<party_id>[^/]+)/personal-data")
    def personal_data(self, request, pk=None, party_id=None):
        party = reveal_personal_data(request.user, party_id, channel="api", case=self.get_object())
        return Response(PersonalDataSerializer(party).data)

    @extend_schema(
        operation_id="list_case_moves",
        summary="The moves from the case's current state",
        description="Each move that exists from the current state, with whether the requesting user may make it "
        "and, if not, why.",
        parameters=[CASE_ID],
        responses={200: MoveOptionSerializer(many=True), **error_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def moves(self, request, pk=None):
        case = self.get_object()
        options = options_for(case, request.user, staff_of(request.user).post)
        return Response(MoveOptionSerializer(options, many=True).data)

    @extend_schema(
        operation_id="make_case_move",
        summary="Make a move on a case",
        description="Checks, in this order: the case is in the user's jurisdiction (404), the move exists from "
        "the current state (409), the user's post may make it (403), the move's data (400). Answers the updated "
        "case; the move is on the timeline.",
        request=MoveRequestSerializer,
        examples=MOVE_EXAMPLES,
        parameters=[CASE_ID],
        responses={
            200: OpenApiResponse(CaseSerializer, description="The case after the move."),
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    @moves.mapping.post
    def make_move(self, request, pk=None):
        case = self.get_object()
        serializer = MoveRequestSerializer(data=request.data)
        valid = serializer.is_valid()
        errors = serializer.errors
        if not valid and ("move" in errors or api_settings.NON_FIELD_ERRORS_KEY in errors):
            raise ValidationError(errors)
        # Legality before data, like the workbench: a move that cannot be made now is a 409 or 403 whatever its data.
        move = serializer.validated_data["move"] if valid else serializer.fields["move"].run_validation(
            request.data["move"]
        )
        check_move(case, move, request.user)
        if not valid:
            raise ValidationError(errors)
        case = perform_move(case, move, request.user, serializer.form_data())
        return Response(_case_data(case))

    @extend_schema(
        operation_id="get_case_proposal",
        summary="The system's latest triage proposal for a case",
        description="Category, field, complexity, risk with its signals, method and route, the most relevant "
        "articles and similar closed cases, each with its reasons. Made in the background when a case is "
        "registered and on request; 404 until there is one. Staff confirm or correct it with the `triage` move.",
        parameters=[CASE_ID],
        responses={200: ProposalSerializer, **error_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def proposal(self, request, pk=None):
        proposal = latest_proposal(self.get_object())
        if proposal is None:
            raise Http404(_("No proposal yet."))
        return Response(ProposalSerializer(proposal).data)

    @extend_schema(
        operation_id="request_case_proposal",
        summary="Ask for a new triage proposal",
        description="Queues a proposal made on demand (after the facts were completed, for instance) for an open "
        "case; answers 202 at once. For intake, coordination and assessment posts (403 for others); fetch the "
        "proposal with GET once it is made.",
        request=None,
        parameters=[CASE_ID],
        responses={202: OpenApiResponse(description="Queued."), **error_responses(401, 403, 404)},
    )
    @proposal.mapping.post
    def ask_for_proposal(self, request, pk=None):
        case = self.get_object()
        if not (case.is_open and may_request_proposal(staff_of(request.user))):
            raise PermissionDenied(
                _("Only intake, coordination and assessment staff may ask for a proposal on an open case.")
            )
        request_proposal(case, request.user)
        return Response(status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        operation_id="list_case_duplicates",
        summary="Likely duplicates of a case",
        description="Other cases in the user's jurisdiction registered within 90 days of this one, through any "
        "channel, that share a party's ID or phone number and tell a similar story; most similar first. A pair "
        "already linked, marked distinct or merged is not suggested.",
        parameters=[CASE_ID],
        responses={200: DuplicateSerializer(many=True), **error_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def duplicates(self, request, pk=None):
        case = self.get_object()
        return Response(DuplicateSerializer(likely_duplicates(case, user=request.user), many=True).data)

    @extend_schema(
        operation_id="link_cases",
        summary="Answer a likely duplicate: related, or not a duplicate",
        description="For registering posts whose jurisdiction covers both cases. Both timelines record the answer.",
        request=CaseLinkRequestSerializer,
        parameters=[CASE_ID],
        responses={201: CaseLinkSerializer, **error_responses(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def links(self, request, pk=None):
        case = self.get_object()
        serializer = CaseLinkRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        other = Case.objects.visible_to(request.user).filter(number=data["other"].strip()).first()
        if other is None:
            raise ValidationError({"other": [_("No case with this number in your jurisdiction.")]})
        answer = link_cases if data["kind"] == CaseLink.Kind.RELATED else mark_distinct
        link = answer(case, other, actor=request.user, reason=data["reason"])
        return Response(CaseLinkSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="list_claimant_outcomes",
        summary="The claimants of a group dispute and their outcomes",
        description="Each claimant (applicant) of a group dispute, representative first, with their current "
        "outcome: the latest recorded, null before any. 404 for a case that is not a group dispute.",
        parameters=[CASE_ID],
        responses={200: ClaimantSerializer(many=True), **error_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["get"], url_path="claimant-outcomes", pagination_class=None)
    def claimant_outcomes(self, request, pk=None):
        case = self.get_object()
        if not case.is_group:
            raise Http404(_("This case is not a group dispute."))
        return Response(ClaimantSerializer(claimants(case), many=True).data)

    @extend_schema(
        operation_id="record_claimant_outcome",
        summary="Record a claimant's outcome",
        description="Adds an outcome for one claimant of an open group dispute; earlier ones stay on record and the "
        "case's timeline notes it. For staff in a mediation, intake or coordination post whose jurisdiction covers "
        "the case (404 outside it, 403 for other posts). Answers the claimant with their new current outcome.",
        request=ClaimantOutcomeInputSerializer,
        examples=[CLAIMANT_OUTCOME],
        parameters=[CASE_ID],
        responses={201: ClaimantSerializer, **error_responses(400, 401, 403, 404)},
    )
    @claimant_outcomes.mapping.post
    def record_claimant_outcome(self, request, pk=None):
        case = self.get_object()
        serializer = ClaimantOutcomeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        party = Party.objects.filter(case=case, pk=data["party"]).first()
        if party is None:
            raise DjangoValidationError({"party": [_("No claimant with this id in the case.")]})
        outcome = record_outcome(case, party, data["outcome"], data["amount"], data["note"], request.user)
        return Response(ClaimantSerializer(Claimant(party, outcome)).data, status=status.HTTP_201_CREATED)
