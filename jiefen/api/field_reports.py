"""Field reports through the API, for grid workers' phone apps (网格员、信息员): send a report with its photos
(multipart), and read back one's own reports with their status. ``jiefen.screening.services`` decides everything:
a report naming both sides is registered as a case at once, any other lands as a lead at the station serving
its place.
"""

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from jiefen.api.errors import error_responses
from jiefen.api.pagination import Pagination
from jiefen.api.serializers import OrganisationRefSerializer, PartyInputSerializer, RegionRefSerializer, Text
from jiefen.regions.models import Region
from jiefen.screening.models import FieldReport
from jiefen.screening.services import MAX_PHOTOS, my_reports, report_from_field, require_reporter


class FieldReportSerializer(serializers.ModelSerializer):
    place = RegionRefSerializer(read_only=True)
    station = OrganisationRefSerializer(read_only=True, help_text="The station or centre the report landed at.")
    case_number = serializers.CharField(
        source="case.number", read_only=True, allow_null=True, default=None,
        help_text="The case's number when the report was registered as a case; null while it is a lead.",
    )
    photo_count = serializers.IntegerField(source="photos.count", read_only=True)

    class Meta:
        model = FieldReport
        fields = [
            "id", "number", "status", "reporter_kind", "place", "station", "location", "latitude", "longitude",
            "summary", "description", "urgency", "reported_at", "case_number", "photo_count",
        ]
        read_only_fields = fields


class FieldReportCreateSerializer(serializers.Serializer):
    reporter_kind = serializers.ChoiceField(choices=FieldReport.ReporterKind.choices, default="grid")
    place = serializers.RegexField(
        r"^[0-9]{12}$", help_text="The village or community (GB/T 2260 code, 12 digits) within the reporter's area."
    )
    location = Text(max_length=120, required=False, allow_blank=True, default="", help_text="e.g. 3号楼东侧")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False, allow_null=True, default=None
    )
    summary = Text(max_length=120)
    description = Text(help_text="What happened.")
    urgency = serializers.ChoiceField(choices=FieldReport.Urgency.choices, default="normal")
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=MAX_PHOTOS,
        help_text="JPEG, PNG, HEIC or WebP photos, at most 10 MB each.",
    )
    parties = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Optional: a JSON array of parties (role, kind, name, id_number, phone, address). With an "
        "applicant and a respondent the report is registered as a case at once.",
    )

    def validate_place(self, code: str) -> Region:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise serializers.ValidationError(_("There is no region with this code."))
        return region

    def validate_parties(self, text: str) -> list[dict]:
        if not text.strip():
            return []
        try:
            raw = json.loads(text)
        except ValueError:
            raise serializers.ValidationError(_("Not a JSON array of parties.")) from None
        if not isinstance(raw, list):
            raise serializers.ValidationError(_("Not a JSON array of parties."))
        parties = PartyInputSerializer(data=raw, many=True)
        if not parties.is_valid():
            raise serializers.ValidationError(parties.errors)
        return [dict(party) for party in parties.validated_data]


@extend_schema_view(
    list=extend_schema(
        operation_id="list_field_reports",
        summary="List my field reports",
        description="The caller's own reports from the field, newest first, with their status.",
        tags=["field reports"],
        responses={200: FieldReportSerializer(many=True), **error_responses(401, 403, 404)},
    ),
    create=extend_schema(
        operation_id="create_field_report",
        summary="Report a dispute from the field (grid workers and informants)",
        description="Multipart: the fields and up to 9 photos. The report lands at the station serving the place, "
        "as a lead to check, or, when `parties` names an applicant and a respondent, as a case registered there at "
        "once (`case_number`). Only users holding the grid post (网格员、信息员) may report.",
        tags=["field reports"],
        request={"multipart/form-data": FieldReportCreateSerializer},
        responses={201: FieldReportSerializer, **error_responses(400, 401, 403)},
    ),
)
class FieldReportViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = FieldReportSerializer
    pagination_class = Pagination
    parser_classes = [MultiPartParser, FormParser]
    queryset = FieldReport.objects.none()  # the caller's own, in get_queryset

    def get_queryset(self):
        return my_reports(self.request.user).prefetch_related("photos")

    def create(self, request, *args, **kwargs):
        require_reporter(request.user)  # 403 before judging the input
        serializer = FieldReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = report_from_field(reporter=request.user, **serializer.validated_data)
        report = my_reports(request.user).get(pk=report.pk)
        return Response(FieldReportSerializer(report).data, status=status.HTTP_201_CREATED)
