"""Referrals through the API: a court, petition office, police station, procuratorate or another platform sends
a dispute in, and reads back the cases it sent.

Who calls it: a staff user of the network holding the liaison post (综合岗), authenticated with their token like
the rest of the API, naming the sender by its code (senders are registered by an administrator, each with the
organisation that receives its referrals, its webhook URL and signing secret). A platform that sends referrals
automatically gets a liaison account of the receiving organisation for it. The case is registered by
``jiefen.exchange.services.refer``; every change of its state is then posted to the sender's webhook, signed
(see ``jiefen/exchange/signing.py``).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from jiefen.api.errors import error_responses
from jiefen.api.pagination import Pagination
from jiefen.api.serializers import CaseCreateSerializer, CaseSerializer, Text
from jiefen.cases.models import ReferralKind
from jiefen.exchange.models import Referral, Sender
from jiefen.exchange.results import result_of
from jiefen.exchange.services import _require_liaison, access_referral, refer, sender_by_code

REFERRAL_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The referral's id.")


class SenderRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Sender.Kind.choices, read_only=True)


class ReferralSerializer(serializers.ModelSerializer):
    sender = SenderRefSerializer(read_only=True)
    referral_kind = serializers.ChoiceField(choices=ReferralKind.choices, allow_blank=True, read_only=True)
    case = CaseSerializer(read_only=True)
    result = serializers.SerializerMethodField(
        help_text="The result of mediation once it ended in an agreement or a failure, else null: the JSON schema "
        "`jiefen.mediation-result/1` (jiefen/exchange/schemas/mediation-result-1.json), the same the webhook sends.",
    )

    class Meta:
        model = Referral
        fields = ["id", "sender", "referral_kind", "external_reference", "at", "case", "result"]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "nullable": True, "description": "jiefen.mediation-result/1"})
    def get_result(self, referral) -> dict | None:
        return result_of(referral.case)


class ReferralCreateSerializer(CaseCreateSerializer):
    handling_org = None  # the sender's receiving organisation handles its referrals
    sender = serializers.SlugField(max_length=32, help_text="The sender's code.")
    referral_kind = serializers.ChoiceField(
        choices=ReferralKind.choices, required=False, allow_blank=True, default="",
        help_text="Courts only, and required for them: `delegated` (委派, before filing) or `entrusted` (委托, "
        "after filing).",
    )
    external_reference = Text(
        max_length=64, required=False, allow_blank=True, default="",
        help_text="The sender's own number for the dispute; for a court, its case number (required).",
    )

    def validate_sender(self, code: str) -> Sender:
        try:
            return sender_by_code(code)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["sender"]) from None


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="Any unique string of up to 128 characters, chosen by the client per referral. A retry with the "
    "same key and body answers with the referral the first request created (header `Idempotent-Replayed: true`) "
    "and never creates a second case; the same key with another body is refused (400).",
)


@extend_schema_view(
    list=extend_schema(
        operation_id="list_referrals",
        summary="List referrals whose cases are in the user's jurisdiction",
        tags=["referrals"],
        responses={200: ReferralSerializer(many=True), **error_responses(401, 403, 404)},
    ),
    retrieve=extend_schema(
        operation_id="get_referral",
        summary="Read a referral and its case",
        tags=["referrals"],
        parameters=[REFERRAL_ID],
        responses={200: ReferralSerializer, **error_responses(401, 403, 404)},
    ),
    create=extend_schema(
        operation_id="create_referral",
        summary="Refer a dispute (liaison post)",
        description="Registers the dispute a sender refers (court 委派/委托 with its case number, petition office, "
        "police, procuratorate, another platform) for the sender's receiving organisation, with the channel of the "
        "sender's kind. The sender is then told of every change of the case's state by a signed webhook. Only "
        "users holding the liaison post (综合岗) may refer.",
        tags=["referrals"],
        request=ReferralCreateSerializer,
        parameters=[
            IDEMPOTENCY_KEY,
            OpenApiParameter(
                "Location", str, OpenApiParameter.HEADER, response=[201], description="The referral's URL."
            ),
            OpenApiParameter(
                "Idempotent-Replayed", str, OpenApiParameter.HEADER, response=[201],
                description="`true` when this answers a retried request instead of registering again.",
            ),
        ],
        responses={201: ReferralSerializer, **error_responses(400, 401, 403)},
    ),
)
class ReferralViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ReferralSerializer
    pagination_class = Pagination
    parser_classes = [JSONParser]
    queryset = Referral.objects.none()  # scoped per request in get_queryset
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return (
            Referral.objects.visible_to(self.request.user)
            .select_related("sender", "case__place", "case__handling_org", "case__mediator", "case__transferred_to")
            .prefetch_related("case__parties")
        )

    def get_object(self):
        return access_referral(self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        _require_liaison(request.user)
        serializer = ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        referral, created = refer(
            actor=request.user, sender=data["sender"], place=data["place"], summary=data["summary"],
            description=data["description"], claims=data["claims"], amount=data["amount"],
            parties=[dict(party) for party in data["parties"]], referral_kind=data["referral_kind"],
            external_reference=data["external_reference"],
            idempotency_key=request.headers.get("Idempotency-Key", "").strip() or None, through="api",
            request_fingerprint=request.data,
        )
        referral = access_referral(request.user, referral.pk)
        headers = {"Location": reverse("api:referral-detail", kwargs={"pk": referral.pk}, request=request)}
        if not created:
            headers["Idempotent-Replayed"] = "true"
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED, headers=headers)
