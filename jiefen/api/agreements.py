"""The agreement's enforceability through the API: the parties' confirmations, judicial confirmation and
notarial enforcement. The rules are ``jiefen.agreements.services``'; errors take the API's one shape."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.agreements import services
from jiefen.agreements.models import CourtApplication, NotarialRequest
from jiefen.agreements.text import agreement_hash, canonical_text
from jiefen.api.errors import error_responses
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
        fields = ["id", "notary", "notary_name", "status", "requested_on", "decided_on", "certificate_number", "note"]


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
    status = serializers.ChoiceField(choices=["notarised", "refused"])
    on = serializers.DateField()
    certificate_number = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


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
