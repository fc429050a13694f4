"""Supervision through the API: the supervision list (the cases transferred, and the agreements with notary offices
and courts), urges to the agency and its answers (also the agency's own, from its staff), the deadline extension with
the consent's file, and the assessor's grades and cases awaiting one.
Thin views over ``jiefen.supervision.services`` and the ``extend_deadline`` move: the services check the post
(403), the jurisdiction (404) and the case's state (409)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.api.errors import error_responses
from jiefen.api.pagination import Pagination
from jiefen.api.serializers import CaseSerializer, Text
from jiefen.cases.moves import ExtendDeadlineForm, perform_move
from jiefen.cases.services import access_case, check_move
from jiefen.cases.workflow import AGENCY_ANSWERED, URGED, Move
from jiefen.orgs.jurisdiction import staff_of
from jiefen.supervision import agencies, enforceability, matters, services
from jiefen.supervision.models import AgencyAnswer, Channel, OutcomeGrade, Urge, UrgeMessage

CASE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The case's id.")


class SupervisedCaseSerializer(CaseSerializer):
    urge_count = serializers.IntegerField(read_only=True)
    last_urged_at = serializers.DateTimeField(read_only=True, allow_null=True)
    answer_count = serializers.IntegerField(read_only=True)
    last_answer_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "urge_count", "last_urged_at", "answer_count", "last_answer_at"]


class SupervisionFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["open", "done", "all"], default="open",
        help_text="`open`: waiting for the agency's result; `done`: the result came back; `all`.",
    )
    agency_kind = serializers.ChoiceField(
        choices=["arbitration", "notary", "court", "administrative"], required=False,
    )
    overdue = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, max_length=64, help_text="Part of the number or summary.")


class UrgeMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = UrgeMessage
        fields = ["at", "sent_at", "error"]
        read_only_fields = fields


class UrgeSerializer(serializers.ModelSerializer):
    messages = UrgeMessageSerializer(many=True, read_only=True, help_text="Each attempt to text the urge.")
    answered = serializers.SerializerMethodField(help_text="Whether an answer names this urge.")

    class Meta:
        model = Urge
        fields = ["id", "agency_name", "notarial_request", "court_application", "channel", "contact",
                  "agency_contact", "content", "reply_by", "urged_by_name", "organisation_name", "at", "messages",
                  "answered"]
        read_only_fields = fields

    def get_answered(self, urge) -> bool:
        return urge.answered


class AboutMatterSerializer(serializers.Serializer):
    """An urge's or an answer's matter besides the case itself: an agreement with a notary office or a court."""

    notarial_request = serializers.IntegerField(
        min_value=1, max_value=2**53, required=False, allow_null=True, default=None,
        help_text="About the case's agreement with a notary office: the open notarial request's id.",
    )
    court_application = serializers.IntegerField(
        min_value=1, max_value=2**53, required=False, allow_null=True, default=None,
        help_text="About the case's application for judicial confirmation with a court (filed or accepted): its id.",
    )

    def validate(self, data):
        """The matter named by its row's id, as the services take it (left out: the case's only open matter)."""
        data = dict(data)
        data["matter"] = matters.key_of(notarial_request=data.pop("notarial_request", None),
                                        court_application=data.pop("court_application", None))
        return data


class UrgeInputSerializer(AboutMatterSerializer):
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        help_text="`platform`: to an agency on the platform, on its staff's queue; `sms`: the platform texts "
        "`agency_contact`; `phone`, `letter`, `visit`: what the coordinator did.",
    )
    agency_contact = serializers.IntegerField(
        min_value=1, max_value=2**53, required=False, allow_null=True, default=None,
        help_text="A contact of the registry at the case's agency; needed for `sms`.",
    )
    contact = Text(max_length=128, required=False, allow_blank=True, default="",
                   help_text="The person, office or number urged, when not a contact of the registry.")
    content = Text(help_text="What was asked of the agency.")
    reply_by = serializers.DateField(required=False, allow_null=True, default=None)




class AgencyUrgeSerializer(serializers.ModelSerializer):
    """An urge as the agency it is addressed to sees it: the case's number and summary, never the rest."""

    case_number = serializers.CharField(source="case.number", read_only=True)
    case_summary = serializers.CharField(source="case.summary", read_only=True)

    class Meta:
        model = Urge
        fields = ["id", "case_number", "case_summary", "notarial_request", "court_application", "content",
                  "reply_by", "urged_by_name", "organisation_name", "at"]
        read_only_fields = fields


class AgencyUrgeAnswerSerializer(serializers.Serializer):
    progress = serializers.ChoiceField(choices=AgencyAnswer.Progress.choices)
    content = Text()
    expected_by = serializers.DateField(required=False, allow_null=True, default=None)


class AwaitingGradeSerializer(CaseSerializer):
    ended_at = serializers.DateTimeField(read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "ended_at"]


class AgencyAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgencyAnswer
        fields = ["id", "urge", "agency_name", "notarial_request", "court_application", "channel", "respondent",
                  "progress", "content", "expected_by", "recorded_by_name", "at"]
        read_only_fields = fields


class AgencyAnswerInputSerializer(AboutMatterSerializer):
    urge = serializers.IntegerField(
        min_value=1, max_value=2**53, required=False, allow_null=True, default=None,
        help_text="The urge answered; left out when the agency reported of its own accord.",
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    respondent = Text(max_length=128, help_text="Who answered for the agency.")
    progress = serializers.ChoiceField(choices=AgencyAnswer.Progress.choices)
    content = Text()
    expected_by = serializers.DateField(required=False, allow_null=True, default=None)


class ExtensionInputSerializer(serializers.Serializer):
    deadline = serializers.DateField(help_text="The new deadline, after the present one.")
    deadline_basis = Text(max_length=200, help_text="Its legal basis, written 法名:第N条.")
    reason = Text(help_text="Why the deadline is extended.")
    consenting = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**53), required=False, default=list, max_length=500,
        help_text="Ids of the parties who consented: at least one applicant and one respondent, unless an agency "
        "handles the case.",
    )
    consent_how = serializers.ChoiceField(
        choices=[value for value, _label in ExtendDeadlineForm.CONSENT_WAYS], required=False,
    )
    consent_file = serializers.FileField(
        required=False, help_text="The signed consent, a photo (JPG, PNG, HEIC, WebP) or a PDF; 20 MB at most. "
        "Sent as multipart/form-data.",
    )


class GradeSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeGrade
        fields = ["id", "kind", "grade", "reasons", "party_feedback", "mediator_name", "organisation_name",
                  "assessed_by_name", "at"]
        read_only_fields = fields


class GradeInputSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=OutcomeGrade.Grade.choices)
    reasons = Text()
    party_feedback = Text(required=False, allow_blank=True, default="")


def supervision_filters(request) -> dict:
    """The list filters of the query string, checked (400 otherwise), as the supervision services take them."""
    filters = SupervisionFilterSerializer(data=request.query_params)
    filters.is_valid(raise_exception=True)
    data = filters.validated_data
    return {"status": "" if data["status"] == "all" else data["status"], "agency_kind": data.get("agency_kind", ""),
            "overdue": data["overdue"], "text": data.get("q", "")}


@extend_schema(
    operation_id="list_supervised_cases",
    summary="The supervision list: cases transferred to agencies",
    description="Cases of the user's jurisdiction transferred to an agency, arbitration, a notary or a court, "
    "soonest deadline first, with their urges and answers counted. For coordinators and leaders (403 for others).",
    tags=["supervision"],
    parameters=[SupervisionFilterSerializer],
    responses={200: SupervisedCaseSerializer(many=True), **error_responses(400, 401, 403, 404)},
)
class SupervisionListView(ListAPIView):
    serializer_class = SupervisedCaseSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return services.supervised_cases(self.request.user, **supervision_filters(self.request)).select_related(
            "place", "mediator"
        ).prefetch_related("parties")


class SupervisedAgreementSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[matters.NOTARIAL, matters.COURT],
                                   help_text="`notarial`: with a notary office; `court`: for judicial confirmation.")
    id = serializers.IntegerField(source="row.pk", help_text="The notarial request's or the application's id.")
    case = serializers.IntegerField(source="case.pk")
    case_number = serializers.CharField(source="case.number")
    case_summary = serializers.CharField(source="case.summary")
    agency = serializers.CharField(source="agency.code", help_text="The notary office's or the court's code.")
    agency_name = serializers.CharField(source="agency.name")
    status = serializers.CharField(source="row.status")
    handed_over_on = serializers.DateField()
    last_step_on = serializers.DateField()
    waited_days = serializers.IntegerField(help_text="From the hand-over to today, or to the result.")
    due_on = serializers.DateField(source="due.on", allow_null=True, default=None,
                                   help_text="By when the law expects the answer at the present step.")
    due_basis = serializers.CharField(source="due.basis", allow_null=True, default=None)
    overdue = serializers.BooleanField()
    urge_count = serializers.IntegerField(source="row.urge_count")
    last_urged_at = serializers.DateTimeField(source="row.last_urged_at", allow_null=True)
    urge_overdue_since = serializers.DateField(source="row.urge_overdue_since", allow_null=True)
    last_answer_at = serializers.DateTimeField(source="row.last_answer_at", allow_null=True)


@extend_schema(
    operation_id="list_supervised_agreements",
    summary="The supervision list: agreements with notary offices and courts",
    description="The debt agreements of the user's jurisdiction handed to a notary office, and the applications for "
    "judicial confirmation filed with a court, with how long each has waited, by when the law expects the answer "
    "and their urges: the answer due soonest first. `open`: no result yet; `done`: the result came back. For "
    "coordinators and leaders (403 for others).",
    tags=["supervision"],
    parameters=[SupervisionFilterSerializer],
    responses={200: SupervisedAgreementSerializer(many=True), **error_responses(400, 401, 403, 404)},
)
class SupervisedAgreementsView(ListAPIView):
    serializer_class = SupervisedAgreementSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return enforceability.supervised_agreements(self.request.user, **supervision_filters(self.request))


class _CaseRows(APIView):
    parser_classes = [JSONParser]

    def case(self, request, pk):
        return access_case(request.user, pk)


class UrgeView(_CaseRows):
    @extend_schema(
        operation_id="list_case_urges", summary="The urges sent about a case", tags=["supervision"],
        parameters=[CASE_ID], responses={200: UrgeSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        urges = self.case(request, pk).urges.prefetch_related("messages", "answers")
        return Response(UrgeSerializer(urges, many=True).data)

    @extend_schema(
        operation_id="urge_agency",
        summary="Urge the agency a case waits for (催办)",
        description="Records how, whom and what was asked; on the case's timeline. About the case transferred to "
        "the agency, or its agreement with a notary office (`notarial_request`) or a court (`court_application`); "
        "left out when the case waits for one thing only. Through the platform (an agency whose staff work on it) "
        "the urge waits on their queue; by text message the platform sends it to the contact of the registry and "
        "records whether it went (`messages`). Coordinators only (403); the case must wait for an agency's result "
        "(409).",
        tags=["supervision"], parameters=[CASE_ID], request=UrgeInputSerializer,
        examples=[OpenApiExample("urge", request_only=True, value={
            "channel": "phone", "contact": "立案庭 王书记员 0518-85800000", "content": "请告知仲裁进展和预计结案时间。",
        })],
        responses={201: UrgeSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        case = services.supervised_case(request.user, self.case(request, pk), URGED, services.URGING_POSTS)
        serializer = UrgeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.urge(case, request.user, **serializer.validated_data)
        return Response(UrgeSerializer(row).data, status=status.HTTP_201_CREATED)


class AgencyAnswerView(_CaseRows):
    @extend_schema(
        operation_id="list_agency_answers", summary="The agency's answers about a case", tags=["supervision"],
        parameters=[CASE_ID], responses={200: AgencyAnswerSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        return Response(AgencyAnswerSerializer(self.case(request, pk).agency_answers.all(), many=True).data)

    @extend_schema(
        operation_id="record_agency_answer",
        summary="Record the agency's answer about what a case waits for",
        description="Coordinators and liaisons (403 for others); the case must wait for an agency's result (409): "
        "the answer is about the urge's matter, or the one named as for an urge. The loop closes when the result "
        "comes back: the `report_result` move for a transfer, the notary office's or the court's step on the "
        "agreement.",
        tags=["supervision"], parameters=[CASE_ID], request=AgencyAnswerInputSerializer,
        responses={201: AgencyAnswerSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        case = services.supervised_case(
            request.user, self.case(request, pk), AGENCY_ANSWERED, services.ANSWERING_POSTS
        )
        serializer = AgencyAnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["urge_id"] = data.pop("urge")
        row = services.record_answer(case, request.user, **data)
        return Response(AgencyAnswerSerializer(row).data, status=status.HTTP_201_CREATED)


class ExtensionView(_CaseRows):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="extend_case_deadline",
        summary="Extend a case's deadline",
        description="The `extend_deadline` move: a new deadline with its basis, the reason and the parties' "
        "consent (who, how). The old deadline stays in the event; reminders start afresh. Answers the case.",
        tags=["supervision"], parameters=[CASE_ID],
        request={"application/json": ExtensionInputSerializer, "multipart/form-data": ExtensionInputSerializer},
        responses={200: CaseSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        case = self.case(request, pk)
        check_move(case, Move.EXTEND_DEADLINE, request.user)  # 409 / 403 before judging the input
        serializer = ExtensionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["consenting"] = [str(pk) for pk in data["consenting"]]
        upload = data.pop("consent_file", None)
        files = {"consent_file": upload} if upload else None
        case = perform_move(case, Move.EXTEND_DEADLINE, request.user, data, files)
        return Response(CaseSerializer(case).data)


class GradeView(_CaseRows):
    @extend_schema(
        operation_id="list_case_grades", summary="The grades of a case, newest (current) first",
        tags=["supervision"], parameters=[CASE_ID],
        responses={200: GradeSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        return Response(GradeSerializer(self.case(request, pk).outcome_grades.all(), many=True).data)

    @extend_schema(
        operation_id="grade_case",
        summary="Grade a closed or terminated case (处理等级评估 / 终结评估)",
        description="Assessors only (403); the case must be closed or terminated (409). A later grade supersedes "
        "an earlier one, which stays on record.",
        tags=["supervision"], parameters=[CASE_ID], request=GradeInputSerializer,
        responses={201: GradeSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        case = self.case(request, pk)
        if not services.may_grade(staff_of(request.user)):
            raise PermissionDenied(_("Only assessors grade the handling of cases."))
        serializer = GradeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.grade_case(case, request.user, **serializer.validated_data)
        return Response(GradeSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="list_urges_to_my_agency",
    summary="The open urges addressed to the user's agency",
    description="For the staff of an agency on the platform (an arbitration commission, a notary office, a court, "
    "an administrative organ): the urges about cases transferred to it that wait for its answer, the answer wanted "
    "soonest first. Empty for everyone else.",
    tags=["supervision"],
    responses={200: AgencyUrgeSerializer(many=True), **error_responses(401, 403, 404)},
)
class AgencyUrgesView(ListAPIView):
    serializer_class = AgencyUrgeSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return agencies.urges_to(self.request.user)


class AgencyUrgeAnswerView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="answer_urge_as_agency",
        summary="Answer an urge addressed to the user's agency",
        description="Recorded as every agency's answer is (through the platform, by the user), on the case's "
        "timeline; it closes the urge. 404 for an urge addressed to another agency; 409 once the case no longer "
        "waits for the agency; 400 for an urge already answered.",
        tags=["supervision"],
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The urge's id.")],
        request=AgencyUrgeAnswerSerializer,
        responses={201: AgencyAnswerSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, id):
        serializer = AgencyUrgeAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.answer_urge(id, request.user, **serializer.validated_data)
        return Response(AgencyAnswerSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="list_cases_awaiting_grade",
    summary="The assessor's cases awaiting a grade",
    description="Cases of the assessor's jurisdiction closed after handling or terminated after the review, and not "
    "graded since: the longest waiting first. Assessors only (403).",
    tags=["supervision"],
    responses={200: AwaitingGradeSerializer(many=True), **error_responses(401, 403, 404)},
)
class AwaitingGradeView(ListAPIView):
    serializer_class = AwaitingGradeSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return services.awaiting_grade(self.request.user).select_related("place").prefetch_related("parties")
