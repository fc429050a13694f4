"""The SMS gateway's delivery receipts: ``POST /api/sms/receipts/``.

Not a staff endpoint: the gateway (or a relay that reshapes its own reports into this form) authenticates with the
secret it shares with jiefen (``JIEFEN_SMS_RECEIPT_SECRET``), signing each request the way jiefen signs its own
webhooks (``jiefen.exchange.signing``): ``X-Jiefen-Timestamp`` (Unix seconds) and ``X-Jiefen-Signature``
(``sha256=`` HMAC-SHA256 of ``<timestamp>.<body>``), at most five minutes old. The body::

    {"receipts": [{"message_id": "…", "status": "delivered" | "failed", "at": "2026-11-02T09:00:21+08:00",
                   "error": "UNDELIV"}]}

``message_id`` is the id the sender's ``send`` returned; ``at`` (when it was delivered or given up, default now)
and ``error`` (the gateway's code for a failure) may be left out. The answer, 200: how many receipts were new, how
many jiefen had already, and the ids it does not know (``{"recorded": 1, "repeated": 0, "unknown": []}``); a
gateway may send the same report again safely. 401 for a missing, wrong or stale signature (or no secret set), 400
for a body that is not this JSON, in the API's error shape. Kept out of the staff API's OpenAPI schema: the README
documents it beside the sender interface.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import authentication, exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.exchange.signing import SIGNATURE, TIMESTAMP, verify_signature
from jiefen.portal.models import SmsReceipt
from jiefen.portal.receipts import Report, record_receipts

MOST_RECEIPTS = 1000


class GatewaySignature(authentication.BaseAuthentication):
    """The request is the gateway's when its signature, keyed with the shared secret, matches the raw body."""

    def authenticate(self, request):
        secret = getattr(settings, "JIEFEN_SMS_RECEIPT_SECRET", "")
        if not secret:
            raise exceptions.AuthenticationFailed(
                _("Delivery receipts are not accepted: no shared secret is set (JIEFEN_SMS_RECEIPT_SECRET)."),
                code="not_configured",
            )
        if not request.headers.get(TIMESTAMP) or not request.headers.get(SIGNATURE):
            raise exceptions.NotAuthenticated(_("Sign the request: the X-Jiefen-Timestamp and X-Jiefen-Signature "
                                                "headers are missing."))
        if not verify_signature(secret, request.body, request.headers):
            raise exceptions.AuthenticationFailed(
                _("The signature does not match the body, or its timestamp is more than five minutes away."),
                code="bad_signature",
            )
        return AnonymousUser(), "sms-gateway"

    def authenticate_header(self, request):
        return 'Signature realm="jiefen SMS receipts", headers="X-Jiefen-Timestamp X-Jiefen-Signature"'


class ReceiptSerializer(serializers.Serializer):
    message_id = serializers.CharField(max_length=64)
    status = serializers.ChoiceField(choices=SmsReceipt.Status.choices)
    at = serializers.DateTimeField(required=False)
    error = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class ReportSerializer(serializers.Serializer):
    receipts = ReceiptSerializer(many=True, allow_empty=False, max_length=MOST_RECEIPTS)


class ReceiptsView(APIView):
    authentication_classes = [GatewaySignature]
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]

    @extend_schema(exclude=True)
    def post(self, request):
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        now = timezone.now()
        result = record_receipts([
            Report(row["message_id"], row["status"], row.get("at") or now, row["error"])
            for row in serializer.validated_data["receipts"]
        ])
        return Response({"recorded": result.recorded, "repeated": result.repeated, "unknown": result.unknown})
