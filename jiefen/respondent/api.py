"""The respondent's contact clock through the API: its state, and recording an answer or a contact (which stops the
clock when the respondent answered or refused). Thin views: ``services`` decides everything."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.api.errors import error_responses
from jiefen.api.serializers import Text
from jiefen.respondent import services
from jiefen.respondent.models import RespondentContact

CASE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The case's id.")
TAGS = ["respondent"]


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    party = serializers.IntegerField(source="party_id", read_only=True)
    party_name = serializers.CharField(source="party.name", read_only=True)
    outcome = serializers.ChoiceField(choices=RespondentContact.Outcome.choices, read_only=True)
    how = serializers.ChoiceField(choices=RespondentContact.How.choices, read_only=True)
    note = serializers.CharField(read_only=True)
    recorded_by = serializers.CharField(source="recorded_by_name", read_only=True)
    at = serializers.DateTimeField(read_only=True)


class ContactInputSerializer(serializers.Serializer):
    party = serializers.IntegerField(min_value=1, max_value=2**53, help_text="The respondent's party id.")
    outcome = serializers.ChoiceField(
        choices=RespondentContact.Outcome.choices, help_text="`answered` and `refused` stop the clock."
    )
    how = serializers.ChoiceField(choices=RespondentContact.How.choices)
    note = Text(max_length=2000, required=False, allow_blank=True, default="")


class NoticeSerializer(serializers.Serializer):
    document = serializers.CharField(source="record.document")
    party_name = serializers.CharField(source="record.party_name")
    served_at = serializers.DateTimeField(source="record.served_at")
    method = serializers.CharField(source="record.method")
    sent_at = serializers.DateTimeField(allow_null=True, help_text="The text message with the link went out.")
    failed = serializers.BooleanField(help_text="The gateway refused every attempt.")
    delivered_at = serializers.DateTimeField(
        allow_null=True, help_text="The gateway's delivery receipt: when the message reached the phone."
    )
    not_delivered_at = serializers.DateTimeField(
        allow_null=True, help_text="The gateway reported the message could not be delivered (and no delivery)."
    )
    delivery_error = serializers.CharField(help_text="The gateway's code for the failed delivery, if any.")
    read_at = serializers.DateTimeField(allow_null=True, help_text="Opened on the portal.")


class ClockSerializer(serializers.Serializer):
    started_on = serializers.DateField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    answered_how = serializers.CharField()
    steps_fired = serializers.ListField(child=serializers.IntegerField(), help_text="Working days of each step.")
    notices = NoticeSerializer(many=True, help_text="Each notice's text message: sent, delivered, read.")
    contacts = ContactSerializer(many=True)


class ContactsView(APIView):
    pagination_class = None
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="get_respondent_clock", tags=TAGS, summary="The respondent's contact clock of a case",
        description="When the clock started, whether and how the respondent answered, the steps fired, the "
        "notices served on the respondents (sent, delivered, read) and the contacts recorded.",
        parameters=[CASE_ID], responses={200: ClockSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, id):
        from jiefen.cases.services import access_case
        from jiefen.scheduler.models import Firing

        case = access_case(request.user, id)
        clock = services.clock_of(case)
        return Response(ClockSerializer({
            "started_on": clock.started_on if clock else None,
            "answered_at": clock.answered_at if clock else None,
            "answered_how": clock.answered_how if clock else "",
            "steps_fired": list(Firing.objects.filter(kind=Firing.Kind.RESPONDENT, case=case)
                                .order_by("stage").values_list("stage", flat=True)),
            "notices": services.notices_to_respondents(case),
            "contacts": RespondentContact.objects.filter(case=case).select_related("party"),
        }).data)

    @extend_schema(
        operation_id="record_respondent_contact", tags=TAGS, summary="Record an answer or a contact of a respondent",
        description="Mediation, coordination and intake staff whose jurisdiction covers the case, or the grid worker "
        "asked for the home visit (403 for other posts, 404 outside). On the case's timeline.",
        parameters=[CASE_ID], request=ContactInputSerializer,
        examples=[OpenApiExample("answered", request_only=True, value={
            "party": 2, "outcome": "answered", "how": "phone", "note": "被申请人同意参加调解。",
        })],
        responses={201: ContactSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id):
        services.case_for_contact(request.user, id)  # 404 / 403 before judging the input
        serializer = ContactInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact = services.record_contact(request.user, id, **serializer.validated_data)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
