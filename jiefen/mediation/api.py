"""Mediation work through the API: who fits a case, sessions scheduled and held (with both sides' private records:
the API is for staff whose jurisdiction covers the case, never for the parties), and the case's evidence and
materials in versions. Thin views: ``fit``, ``sessions`` and ``materials`` decide everything."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.api.errors import error_responses
from jiefen.api.serializers import Text
from jiefen.cases.models import MediationSession
from jiefen.cases.services import access_case
from jiefen.core.http import private_file
from jiefen.mediation import fit, materials, sessions
from jiefen.mediation.models import Helper, Material, MaterialVersion, Side, Visibility

CASE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The case's id.")
TAGS = ["mediation work"]


class HelperSerializer(serializers.Serializer):
    name = Text(max_length=64)
    role = serializers.ChoiceField(choices=Helper.Role.choices)
    affiliation = Text(max_length=128, required=False, allow_blank=True, default="")


class CandidateSerializer(serializers.Serializer):
    mediator = serializers.IntegerField(source="mediator.pk", read_only=True, help_text="The mediator's id.")
    name = serializers.CharField(source="mediator.name", read_only=True)
    organisation = serializers.CharField(source="organisation.code", read_only=True,
                                         help_text="Organisation code, for the `assign` move.")
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    level = serializers.CharField(source="organisation.level", read_only=True)
    grade = serializers.CharField(source="mediator.grade", read_only=True)
    specialties = serializers.ListField(source="mediator.specialties", child=serializers.CharField(), read_only=True)
    specialty_match = serializers.BooleanField(read_only=True, help_text="A specialty covers the case's category.")
    load = serializers.IntegerField(read_only=True, help_text="The mediator's open cases.")
    on_duty = serializers.BooleanField(read_only=True, help_text="Duty mediator today (值班调解员).")
    away_until = serializers.DateField(source="mediator.away_until", read_only=True, allow_null=True)
    available = serializers.BooleanField(read_only=True)
    conflicts = serializers.ListField(
        child=serializers.CharField(), read_only=True,
        help_text="Possible conflicts of interest; assigning this mediator then needs `conflict_reason`.",
    )


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True, help_text="The plan's number within its case.")
    starts_at = serializers.DateTimeField(read_only=True)
    mode = serializers.ChoiceField(choices=MediationSession.Mode.choices, read_only=True)
    place = serializers.CharField(read_only=True)
    video_link = serializers.CharField(read_only=True, help_text="The meeting link of a video session.")
    participants = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="scheduled, held, cancelled or rescheduled.")
    session = serializers.IntegerField(source="session_id", read_only=True, allow_null=True)
    replaces = serializers.IntegerField(
        source="replaces_id", read_only=True, allow_null=True, help_text="The plan this one rescheduled."
    )
    scheduled_by = serializers.CharField(source="scheduled_by_name", read_only=True)
    scheduled_at = serializers.DateTimeField(read_only=True)
    cancel_reason = serializers.CharField(read_only=True, help_text="Why it was called off or rescheduled.")
    helpers = HelperSerializer(many=True, read_only=True)


class ScheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text="A time to come.")
    mode = serializers.ChoiceField(choices=MediationSession.Mode.choices)
    place = Text(max_length=255, required=False, allow_blank=True, default="",
                 help_text="Where the parties meet; required unless the mode is video.")
    video_link = Text(max_length=255, required=False, allow_blank=True, default="",
                      help_text="The meeting link (http or https); required when the mode is video.")
    participants = Text(max_length=2000)
    note = Text(max_length=500, required=False, allow_blank=True, default="")
    helpers = HelperSerializer(many=True, required=False, default=list, help_text="Outside helpers (联合调解).")


class RescheduleSerializer(ScheduleSerializer):
    reason = Text(max_length=255, help_text="Why it is rescheduled; the plan as it was stays, with it.")


class CancelSerializer(serializers.Serializer):
    reason = Text(max_length=255)


class SideRecordSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=Side.choices, read_only=True)
    record = serializers.CharField(read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="session.pk", read_only=True)
    held_at = serializers.DateTimeField(source="session.held_at", read_only=True)
    mode = serializers.CharField(source="session.mode", read_only=True)
    place = serializers.CharField(source="session.place", read_only=True)
    participants = serializers.CharField(source="session.participants", read_only=True)
    record = serializers.CharField(source="session.record", read_only=True)
    helpers = HelperSerializer(many=True, read_only=True)
    attendees = serializers.CharField(source="attendance.attendees", read_only=True, allow_null=True, default=None)
    headcount = serializers.IntegerField(source="attendance.headcount", read_only=True, allow_null=True,
                                         default=None)
    private_records = SideRecordSerializer(
        source="side_records", many=True, read_only=True,
        help_text="Back-to-back: each side's private record (staff only; never shown to the other side).",
    )


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    original_name = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    added_by = serializers.CharField(source="added_by_name", read_only=True)
    added_as = serializers.CharField(read_only=True)
    added_at = serializers.DateTimeField(read_only=True)


class MaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=Material.Kind.choices, read_only=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    versions = VersionSerializer(many=True, read_only=True, help_text="Newest first.")


class MaterialUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="JPG, PNG, HEIC, WebP, PDF, DOC, DOCX or a sound recording; 20 MB at most.")
    material = serializers.IntegerField(
        min_value=1, max_value=2**53, required=False, allow_null=True, default=None,
        help_text="A material of the case: the file becomes its next version. Left out, a new material.",
    )
    title = Text(max_length=120, required=False, allow_blank=True, default="", help_text="For a new material.")
    kind = serializers.ChoiceField(choices=Material.Kind.choices, default=Material.Kind.EVIDENCE)
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.SHARED)
    note = Text(max_length=255, required=False, allow_blank=True, default="", help_text="What changed.")


def _number(value, message: str) -> int:
    """A path's number, or the API's JSON 404 for anything else (every value is routed, for that answer)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404(message) from None
    if not 0 < number < 2**63:
        raise Http404(message)
    return number


class _CaseView(APIView):
    pagination_class = None

    def case(self):
        return access_case(self.request.user, self.kwargs["id"])


class CandidatesView(_CaseView):
    @extend_schema(
        operation_id="list_mediator_candidates", tags=TAGS,
        summary="Mediators who fit a case",
        description="The active mediators of the organisations the user may assign the case to, best fit first, "
        "each with specialty match, grade, level, open-case load, duty and absence, and possible conflicts of "
        "interest with the parties (a declared relation, the same work unit).",
        parameters=[CASE_ID],
        responses={200: CandidateSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, id):
        return Response(CandidateSerializer(fit.candidates(self.case(), request.user), many=True).data)


class PlansView(_CaseView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="list_session_plans", tags=TAGS, summary="Sessions scheduled for a case",
        parameters=[CASE_ID], responses={200: PlanSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, id):
        return Response(PlanSerializer(sessions.plans_for(self.case()), many=True).data)

    @extend_schema(
        operation_id="schedule_session", tags=TAGS, summary="Schedule a session",
        description="For the case's own mediator while it is assigned or in mediation (403 otherwise). The "
        "parties are sent a text message with the link of their portal page, where the notice stays.",
        parameters=[CASE_ID], request=ScheduleSerializer,
        responses={201: PlanSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id):
        case = self.case()
        sessions._require(case, request.user)  # 403 before judging the input
        serializer = ScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = sessions.schedule_session(case, request.user, **serializer.validated_data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class CancelPlanView(_CaseView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="cancel_session_plan", tags=TAGS, summary="Call off a scheduled session",
        description="With the reason; the parties are told.",
        parameters=[CASE_ID, OpenApiParameter("plan_id", int, OpenApiParameter.PATH)],
        request=CancelSerializer, responses={200: PlanSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id, plan_id):
        case = self.case()
        sessions._require(case, request.user)
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan_pk = _number(plan_id, _("No such scheduled session of this case."))
        plan = sessions.cancel_session(case, request.user, plan_pk, serializer.validated_data["reason"])
        return Response(PlanSerializer(plan).data)


class ReschedulePlanView(_CaseView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="reschedule_session_plan", tags=TAGS, summary="Reschedule a session",
        description="A new time, place or video link, or other participants, with the reason. The plan as it was "
        "stays, marked rescheduled; the new plan (returned) replaces it; the parties are told what changed. A "
        "session already held, called off or rescheduled cannot be (400).",
        parameters=[CASE_ID, OpenApiParameter("plan_id", int, OpenApiParameter.PATH)],
        request=RescheduleSerializer, responses={201: PlanSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id, plan_id):
        case = self.case()
        sessions._require(case, request.user)
        serializer = RescheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan_pk = _number(plan_id, _("No such scheduled session of this case."))
        plan = sessions.reschedule_session(case, request.user, plan_pk, **serializer.validated_data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class SessionsView(_CaseView):
    @extend_schema(
        operation_id="list_case_sessions", tags=TAGS, summary="Sessions held, with every record",
        description="Each session recorded by the `record_session` move: its record, the outside helpers, who "
        "attended a public session and, for a back-to-back session, each side's private record.",
        parameters=[CASE_ID], responses={200: SessionSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, id):
        return Response(SessionSerializer(sessions.sessions_for_staff(self.case()), many=True).data)


class MaterialsView(_CaseView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="list_case_materials", tags=TAGS, summary="Evidence and materials of a case",
        description="Every material with its versions (newest first): who added each, as whom, when. Staff's "
        "files and the parties' alike: the evidence a citizen uploads on the public portal (with the dispute or "
        "later) is a material of the applicant's side, added by that citizen.",
        parameters=[CASE_ID], responses={200: MaterialSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, id):
        return Response(MaterialSerializer(materials.materials_for_staff(self.case()), many=True).data)

    @extend_schema(
        operation_id="add_case_material", tags=TAGS, summary="Add evidence or a material, or a new version",
        description="Multipart. The file is checked by its content. For intake, mediation, coordination and "
        "liaison posts. Answers the material with all its versions.",
        parameters=[CASE_ID], request={"multipart/form-data": MaterialUploadSerializer},
        responses={201: MaterialSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id):
        case = self.case()
        serializer = MaterialUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = materials.add_by_staff(
            case, request.user, data["file"], title=data["title"], kind=data["kind"], visibility=data["visibility"],
            material_pk=data["material"], note=data["note"],
        )
        material = next(m for m in materials.materials_for_staff(case) if m.pk == version.material_id)
        return Response(MaterialSerializer(material).data, status=status.HTTP_201_CREATED)


class MaterialFileView(_CaseView):
    @extend_schema(
        operation_id="download_material_version", tags=TAGS, summary="Download one version of a material",
        description="The file as it was added, with its content type. Every download is logged (who, "
        "organisation, when).",
        parameters=[
            CASE_ID, OpenApiParameter("material_id", int, OpenApiParameter.PATH),
            OpenApiParameter("number", int, OpenApiParameter.PATH, description="The version's number."),
        ],
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
                   **error_responses(401, 403, 404)},
    )
    def get(self, request, id, material_id, number):
        case = self.case()
        missing = _("No such file.")
        token = MaterialVersion.objects.filter(
            material__case=case, material_id=_number(material_id, missing), number=_number(number, missing)
        ).values_list("token", flat=True).first()
        if token is None:
            raise Http404(_("No such file."))
        version = materials.open_for_staff(request.user, case.pk, token)
        return private_file(version.file, version.content_type, filename=version.original_name)
