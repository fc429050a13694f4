"""The agreement's enforceability through the API: the parties' confirmations, judicial confirmation and
notarial enforcement, and the notary office's own requests and steps. The rules are ``jiefen.agreements.services``'
(and ``.notary``'s for the office); errors take the API's one shape."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.agreements import notary, services
from jiefen.agreements.models import CourtApplication, NotarialRequest
from jiefen.agreements.text import agreement_hash, canonical_text
from jiefen.api.errors import error_responses
from jiefen.api.pagination import Pagination
from jiefen.cases.services import access_case
from jiefen.orgs.models import Organisation

CASE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The case's id.")


class PartyConfirmationSerializer(serializers.Serializer):
    party = serializers.CharField(source="party.name")
    role = serializers.CharField(source="party.role")
    confirmed = serializers.BooleanField()
    confirmed_at = serializers.DateTimeField(source="confirmation.confirmed_at", allow_null=True, default=None)


class CourtApplicationSerializer(serializers.ModelSerializer):
    court = serializers.CharField(source="court.code", help_text="The court's organisation code.")

    class Meta:
        model = CourtApplication
        fields = [
            "id", "court", "court_name", "court_basis", "status", "text_sha256", "window_closes_on", "prepared_at",
            "filed_on", "accepted_on", "court_case_number", "decided_on", "ruling_number", "ruling_text",
            "withdrawn_on", "withdrawal_reason",
        ]


class NotarialRequestSerializer(serializers.ModelSerializer):
    notary = serializers.CharField(source="notary.code", help_text="The notary office's organisation code.")

    class Meta:
        model = NotarialRequest
        fields = ["id", "notary", "notary_name", "status", "requested_on", "accepted_on", "decided_on",
                  "certificate_number", "note"]


class AgreementStatusSerializer(serializers.Serializer):
    agreement = serializers.IntegerField(help_text="The current agreement's id.")
    text = serializers.CharField(help_text="The canonical text the parties read and confirm.")
    sha256 = serializers.CharField(help_text="SHA-256 of the canonical text (UTF-8).")
    signed_on = serializers.DateField()
    confirmations = PartyConfirmationSerializer(many=True)
    fully_confirmed = serializers.BooleanField()
    window_closes_on = serializers.DateField(help_text="Last day to apply for judicial confirmation.")
    proposed_court = serializers.CharField(allow_null=True, help_text="Code of the competent basic court, if known.")
    court_application = CourtApplicationSerializer(allow_null=True)
    notarial_request = NotarialRequestSerializer(allow_null=True)


class ApplicationCreateSerializer(serializers.Serializer):
    court = serializers.CharField(required=False, allow_blank=True, help_text="A court's code; default: the "
                                  "competent court (Civil Procedure Law art. 205).")
    basis = serializers.CharField(required=False, allow_blank=True, max_length=255,
                                  help_text="Why another court than the proposed one.")


class CourtStepSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["filed", "accepted", "confirmed", "refused", "withdrawn"])
    on = serializers.DateField()
    court_case_number = serializers.CharField(required=False, allow_blank=True, default="")
    ruling_number = serializers.CharField(required=False, allow_blank=True, default="")
    ruling_text = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="Why the parties withdraw the application (for withdrawn).")


class NotarialCreateSerializer(serializers.Serializer):
    notary = serializers.CharField(help_text="The notary office's code.")
    undertaking = serializers.BooleanField(help_text="The agreement states the debtor accepts compulsory "
                                           "enforcement (Notarisation Law art. 37).")


class NotaryResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["accepted", "notarised", "refused"],
        help_text="`accepted` (from requested), then `notarised` (with `certificate_number`) or `refused` (with the "
        "reason in `note`), from requested or accepted.",
    )
    on = serializers.DateField()
    certificate_number = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NotaryPartySerializer(serializers.Serializer):
    name = serializers.CharField(source="party.name")
    role = serializers.CharField(source="party.role")
    confirmed_at = serializers.DateTimeField(source="confirmation.confirmed_at", allow_null=True, default=None)


class NotaryDeskSerializer(serializers.ModelSerializer):
    """A request as the notary office it is addressed to sees it: the case's number and summary, who handed it
    over, never the rest of the case."""

    case_number = serializers.CharField(source="case.number", read_only=True)
    case_summary = serializers.CharField(source="case.summary", read_only=True)
    organisation = serializers.CharField(source="case.handling_org.name", read_only=True,
                                         help_text="The organisation that mediated and handed the agreement over.")
    requested_by = serializers.SerializerMethodField()

    class Meta:
        model = NotarialRequest
        fields = ["id", "case_number", "case_summary", "organisation", "requested_by", "status", "requested_on",
                  "accepted_on", "decided_on", "certificate_number", "note"]
        read_only_fields = fields

    def get_requested_by(self, row) -> str:
        return row.requested_by.get_full_name() or row.requested_by.get_username()


class NotaryRequestDetailSerializer(NotaryDeskSerializer):
    text = serializers.SerializerMethodField(help_text="The agreement's canonical text, as the parties confirmed it.")
    sha256 = serializers.SerializerMethodField(help_text="SHA-256 of the canonical text (UTF-8).")
    parties = serializers.SerializerMethodField()

    class Meta(NotaryDeskSerializer.Meta):
        fields = [*NotaryDeskSerializer.Meta.fields, "text", "sha256", "parties"]
        read_only_fields = fields

    def get_text(self, row) -> str:
        return canonical_text(row.agreement)

    def get_sha256(self, row) -> str:
        return agreement_hash(row.agreement)

    @extend_schema_field(NotaryPartySerializer(many=True))
    def get_parties(self, row):
        return NotaryPartySerializer(services.confirmation_status(row.agreement), many=True).data


def _org(code: str, kind: str, field: str):
    if not code:
        return None
    org = Organisation.objects.filter(code=code, kind=kind).first()
    if org is None:
        raise ValidationError({field: ["No such organisation."]})
    return org


class AgreementStatusView(APIView):
    @extend_schema(
        operation_id="get_agreement_status",
        summary="The agreement, its confirmations and enforceability",
        description="The current agreement's canonical text and SHA-256, each party's confirmation of that text, "
        "the last day to apply for judicial confirmation, the competent court, and the live judicial "
        "confirmation application and notarial enforcement request.",
        tags=["agreements"], parameters=[CASE_ID],
        responses={200: AgreementStatusSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, **kwargs):
        case = access_case(request.user, kwargs["id"])
        agreement = case.current_agreement()
        if agreement is None:
            from django.http import Http404

            raise Http404("This case has no agreement.")
        court, _basis = services.competent_court(case)
        return Response(AgreementStatusSerializer({
            "agreement": agreement.pk, "text": canonical_text(agreement), "sha256": agreement_hash(agreement),
            "signed_on": agreement.signed_on, "confirmations": services.confirmation_status(agreement),
            "fully_confirmed": services.fully_confirmed(agreement),
            "window_closes_on": services.window_closes_on(agreement),
            "proposed_court": court.code if court else None,
            "court_application": services.live_application(agreement),
            "notarial_request": services.live_notarisation(agreement),
        }).data)


class CourtApplicationView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="create_court_application",
        summary="Prepare the joint application for judicial confirmation",
        description="From an agreement every party has confirmed, within the 30-day window (People's Mediation "
        "Law art. 33): the application to the competent court, or to another court with the reason.",
        tags=["agreements"], parameters=[CASE_ID], request=ApplicationCreateSerializer,
        responses={201: CourtApplicationSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, **kwargs):
        case = access_case(request.user, kwargs["id"])
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        court = _org(data.validated_data.get("court", ""), Organisation.Kind.COURT, "court")
        application = services.prepare_application(case, request.user, court=court,
                                                   basis=data.validated_data.get("basis", ""))
        return Response(CourtApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class CourtStepView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="record_court_step",
        summary="Record the court's step on an application",
        description="filed → accepted → confirmed, or refused from filed or accepted, with the date, the court's "
        "case number, and the ruling's number and text; or withdrawn by the parties from filed or accepted, with "
        "the date and their reason (the window's warnings stop).",
        tags=["agreements"],
        parameters=[
            CASE_ID, OpenApiParameter("application", int, OpenApiParameter.PATH, description="The application's id."),
        ],
        request=CourtStepSerializer,
        responses={200: CourtApplicationSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, application, **kwargs):
        case = access_case(request.user, kwargs["id"])
        row = services.court_application(request.user, case, application)
        data = CourtStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.record_court_step(row, request.user, **data.validated_data)
        return Response(CourtApplicationSerializer(row).data)


class NotarialRequestView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="create_notarial_request",
        summary="Hand a debt agreement to a notary office",
        description="For notarisation with enforcement effect (Notarisation Law art. 37).",
        tags=["agreements"], parameters=[CASE_ID], request=NotarialCreateSerializer,
        responses={201: NotarialRequestSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, **kwargs):
        case = access_case(request.user, kwargs["id"])
        data = NotarialCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notary = _org(data.validated_data["notary"], Organisation.Kind.NOTARY, "notary")
        row = services.request_notarisation(case, request.user, notary=notary,
                                            undertaking=data.validated_data["undertaking"])
        return Response(NotarialRequestSerializer(row).data, status=status.HTTP_201_CREATED)


class NotaryResultView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="record_notary_result",
        summary="Record the notary office's answer",
        description="By the case's mediators or coordinators, for a notary office off the platform: 409 for an "
        "office whose staff work on the platform, who record its steps themselves (`record_step_as_notary`).",
        tags=["agreements"],
        parameters=[
            CASE_ID, OpenApiParameter("notarial_request", int, OpenApiParameter.PATH, description="The request's id."),
        ],
        request=NotaryResultSerializer,
        responses={200: NotarialRequestSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, notarial_request, **kwargs):
        case = access_case(request.user, kwargs["id"])
        row = services.notarial_request(request.user, case, notarial_request)
        data = NotaryResultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.record_notary_result(row, request.user, **data.validated_data)
        return Response(NotarialRequestSerializer(row).data)


NOTARIAL_REQUEST_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The request's id.")


@extend_schema(
    operation_id="list_notarial_requests_to_my_office",
    summary="The open requests addressed to the user's notary office",
    description="For the staff of a notary office on the platform: the debt agreements handed to it for "
    "notarisation with enforcement effect, requested or accepted, the longest waiting first. Empty for everyone "
    "else.",
    tags=["agreements"],
    responses={200: NotaryDeskSerializer(many=True), **error_responses(401, 403, 404)},
)
class NotaryDeskView(ListAPIView):
    serializer_class = NotaryDeskSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return notary.requests_to(self.request.user)


class NotaryRequestView(APIView):
    @extend_schema(
        operation_id="get_notarial_request_as_notary",
        summary="A request addressed to the user's notary office",
        description="The agreement's canonical text and SHA-256, the parties' names and roles with their "
        "confirmations, and the request's steps. 404 for a request addressed to another office.",
        tags=["agreements"], parameters=[NOTARIAL_REQUEST_ID],
        responses={200: NotaryRequestDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, id):
        return Response(NotaryRequestDetailSerializer(notary.request_for(request.user, id)).data)


class NotaryStepView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="record_step_as_notary",
        summary="Record the notary office's step on a request addressed to it",
        description="accepted (from requested), then notarised with the certificate's number or refused with the "
        "reason (from requested or accepted): a note on the case's timeline under the user's name. 404 for a "
        "request addressed to another office; 409 for a step the request cannot take.",
        tags=["agreements"], parameters=[NOTARIAL_REQUEST_ID], request=NotaryResultSerializer,
        responses={200: NotaryDeskSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, id):
        notary.request_for(request.user, id)  # 404 before judging the input
        data = NotaryResultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = notary.record_step(request.user, id, **data.validated_data)
        return Response(NotaryDeskSerializer(row).data)
