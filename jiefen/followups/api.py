"""Follow-ups and performance through the API, for staff whose jurisdiction covers the case. Thin views:
``jiefen.followups.services`` decides everything."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.api.errors import error_responses
from jiefen.api.serializers import AmountInput, Text
from jiefen.cases.services import access_case
from jiefen.followups import corrections, enforcement, services
from jiefen.followups.models import EnforcementApplication, Keeping, PerformanceItem, PerformanceMark, Recurrence, Visit

CASE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The case's id.")
TAGS = ["follow-up and performance"]


class VisitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    method = serializers.ChoiceField(choices=Visit.Method.choices, read_only=True)
    party = serializers.CharField(source="party.name", read_only=True, allow_null=True, default=None)
    satisfaction = serializers.IntegerField(read_only=True)
    keeping = serializers.ChoiceField(choices=Keeping.choices, read_only=True)
    renewed_dispute = serializers.BooleanField(read_only=True)
    comment = serializers.CharField(read_only=True)
    by = serializers.CharField(source="by_name", read_only=True)
    at = serializers.DateTimeField(read_only=True)


class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    days_after = serializers.IntegerField(read_only=True)
    closed_on = serializers.DateField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    visits = VisitSerializer(many=True, read_only=True)


class VisitInputSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=[Visit.Method.PHONE, Visit.Method.HOME])
    party = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="The party's id.")
    satisfaction = serializers.IntegerField(min_value=1, max_value=5)
    keeping = serializers.ChoiceField(choices=Keeping.choices)
    renewed_dispute = serializers.BooleanField(required=False, default=False)
    comment = Text(max_length=2000, required=False, allow_blank=True, default="")


class RecurrenceSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Recurrence.Action.choices)
    reason = Text(max_length=255)
    new_case = serializers.IntegerField(source="new_case_id", read_only=True, allow_null=True)


class CorrectionSerializer(serializers.Serializer):
    what = Text(max_length=255)
    amount = AmountInput(required=False, allow_null=True, default=None)
    due_on = serializers.DateField()
    reason = Text(max_length=255)
    by = serializers.CharField(source="by_name", read_only=True)
    at = serializers.DateTimeField(read_only=True)


class WithdrawalSerializer(serializers.Serializer):
    reason = Text(max_length=255)
    by = serializers.CharField(source="by_name", read_only=True)
    at = serializers.DateTimeField(read_only=True)


class MarkSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PerformanceMark.Status.choices)
    performed_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = Text(max_length=255, required=False, allow_blank=True, default="")
    via = serializers.CharField(read_only=True)
    by = serializers.CharField(source="by_name", read_only=True)
    at = serializers.DateTimeField(read_only=True)
    court_application = serializers.IntegerField(source="court_application_id", read_only=True, allow_null=True)
    enforcement_application = serializers.IntegerField(source="enforcement_application_id", read_only=True,
                                                       allow_null=True)
    withdrawn = serializers.SerializerMethodField()

    def get_withdrawn(self, mark) -> bool:
        return services.is_withdrawn(mark)


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    what = Text(max_length=255)
    amount = AmountInput(required=False, allow_null=True, default=None)
    due_on = serializers.DateField()
    obligor = serializers.IntegerField(source="obligor_id", help_text="The id of the party who performs.")
    obligee = serializers.IntegerField(source="obligee_id", help_text="The id of the party owed.")
    status = serializers.SerializerMethodField()
    corrections = CorrectionSerializer(many=True, read_only=True,
                                       help_text="Each correction of the item's terms, oldest first.")

    def get_status(self, item) -> str:
        """The latest mark not withdrawn: performed, not_performed, or open."""
        mark = services.latest_mark(item)
        return mark.status if mark else "open"

    def to_representation(self, item):
        """``what``, ``amount`` and ``due_on`` as they stand: the latest correction's, if any."""
        data = super().to_representation(item)
        terms = item.terms
        data.update(what=terms.what, due_on=self.fields["due_on"].to_representation(terms.due_on),
                    amount=self.fields["amount"].to_representation(terms.amount) if terms.amount is not None
                    else None)
        return data


class PerformanceSerializer(serializers.Serializer):
    on_time = serializers.IntegerField()
    due = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)
    items = ItemSerializer(many=True)


class EnforcementSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True, help_text="The performance item's id.")

    class Meta:
        model = EnforcementApplication
        fields = ["id", "item", "court_name", "status", "prepared_at", "filed_on", "accepted_on",
                  "court_case_number", "ended_on", "outcome"]


class EnforcementStepSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=list(enforcement.STEPS))
    on = serializers.DateField()
    court_case_number = Text(max_length=64, required=False, allow_blank=True, default="")
    outcome = Text(max_length=2000, required=False, allow_blank=True, default="")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(_("Not found.")) from None


class _CaseView(APIView):
    pagination_class = None
    parser_classes = [JSONParser]

    def case(self):
        return access_case(self.request.user, self.kwargs["id"])


class FollowUpsView(_CaseView):
    @extend_schema(operation_id="list_follow_ups", tags=TAGS, summary="A case's follow-up visits",
                   parameters=[CASE_ID],
                   responses={200: FollowUpSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, id):
        return Response(FollowUpSerializer(services.follow_ups_of(self.case()), many=True).data)


class VisitView(_CaseView):
    @extend_schema(
        operation_id="record_follow_up_visit", tags=TAGS, summary="Record a follow-up visit",
        description="By phone or home visit, for mediators and coordinators, once the follow-up is due.",
        parameters=[CASE_ID, OpenApiParameter("follow_up", int, OpenApiParameter.PATH)],
        request=VisitInputSerializer, responses={201: VisitSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id, follow_up):
        case = self.case()
        follow_up = services.staff_follow_up(request.user, case, follow_up)
        serializer = VisitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        party = data.pop("party")
        party = case.parties.filter(pk=party).first() if party else None
        visit = services.record_visit(follow_up, request.user, party=party, **data)
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class RecurrenceView(_CaseView):
    @extend_schema(
        operation_id="decide_recurrence", tags=TAGS, summary="Reopen the case or open a linked one",
        description="After a visit that found the agreement not kept or the dispute renewed.",
        parameters=[CASE_ID, OpenApiParameter("visit", int, OpenApiParameter.PATH)],
        request=RecurrenceSerializer, responses={201: RecurrenceSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id, visit):
        case = self.case()
        visit = Visit.objects.filter(case=case, pk=_int(visit)).first()
        if visit is None:
            raise Http404(_("No such visit."))
        serializer = RecurrenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recurrence = services.decide_recurrence(visit, request.user, serializer.validated_data["action"],
                                                reason=serializer.validated_data["reason"])
        return Response(RecurrenceSerializer(recurrence).data, status=status.HTTP_201_CREATED)


class PerformanceView(_CaseView):
    @extend_schema(operation_id="get_performance", tags=TAGS,
                   summary="The agreement's schedule of performance and the case's performance rate",
                   parameters=[CASE_ID], responses={200: PerformanceSerializer, **error_responses(401, 403, 404)})
    def get(self, request, id):
        case = self.case()
        rate = services.performance_rate(case)
        return Response(PerformanceSerializer({"on_time": rate.on_time, "due": rate.due, "percent": rate.percent,
                                               "items": services.items_of(case)}).data)

    @extend_schema(operation_id="add_performance_item", tags=TAGS, summary="Add an item to the schedule",
                   parameters=[CASE_ID], request=ItemSerializer,
                   responses={201: ItemSerializer, **error_responses(400, 401, 403, 404)})
    def post(self, request, id):
        case = self.case()
        serializer = ItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        parties = {p.pk: p for p in case.parties.all()}
        item = services.add_item(case, request.user, what=data["what"], amount=data["amount"], due_on=data["due_on"],
                                 obligor=parties.get(data["obligor_id"]), obligee=parties.get(data["obligee_id"]))
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)


class MarkView(_CaseView):
    @extend_schema(
        operation_id="mark_performance_item", tags=TAGS, summary="Mark an item performed or not performed",
        description="Not performed prepares the application for judicial confirmation (not yet confirmed, window "
        "open) or for enforcement (confirmed by a court); their ids are in the answer.",
        parameters=[CASE_ID, OpenApiParameter("item", int, OpenApiParameter.PATH)],
        request=MarkSerializer, responses={201: MarkSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id, item):
        case = self.case()
        item = PerformanceItem.objects.filter(case=case, pk=_int(item)).first()
        if item is None:
            raise Http404(_("No such item."))
        serializer = MarkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        mark, _prefilled = services.mark_item(item, request.user, data["status"], performed_on=data["performed_on"],
                                              note=data["note"])
        return Response(MarkSerializer(mark).data, status=status.HTTP_201_CREATED)


class EnforcementApplicationsView(_CaseView):
    @extend_schema(operation_id="list_enforcement_applications", tags=TAGS,
                   summary="A case's applications for enforcement and their steps", parameters=[CASE_ID],
                   responses={200: EnforcementSerializer(many=True), **error_responses(401, 403, 404)})
    def get(self, request, id):
        return Response(EnforcementSerializer(EnforcementApplication.objects.filter(case=self.case()),
                                              many=True).data)


class EnforcementStepView(_CaseView):
    @extend_schema(
        operation_id="record_enforcement_step", tags=TAGS, summary="Record the court's step on an application "
        "for enforcement",
        description="filed → accepted (with the court's case number) → enforced, or closed from filed or accepted "
        "(with the outcome), each with its date.",
        parameters=[CASE_ID, OpenApiParameter("application", int, OpenApiParameter.PATH)],
        request=EnforcementStepSerializer,
        responses={200: EnforcementSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request, id, application):
        case = self.case()
        row = enforcement.enforcement_application(request.user, case, application)
        serializer = EnforcementStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = enforcement.record_step(row, request.user, **serializer.validated_data)
        return Response(EnforcementSerializer(row).data)


def _item(case, pk) -> PerformanceItem:
    item = PerformanceItem.objects.filter(case=case, pk=_int(pk)).prefetch_related(*services.ITEM_PREFETCH).first()
    if item is None:
        raise Http404(_("No such item."))
    return item


class CorrectionView(_CaseView):
    @extend_schema(
        operation_id="correct_performance_item", tags=TAGS, summary="Correct an item's terms",
        description="New terms (what, amount, by when) with the reason; the earlier terms are kept. Refused once "
        "the application for enforcement of the item has been filed.",
        parameters=[CASE_ID, OpenApiParameter("item", int, OpenApiParameter.PATH)],
        request=CorrectionSerializer, responses={201: ItemSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id, item):
        item = _item(self.case(), item)
        serializer = CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        corrections.correct_item(item, request.user, **serializer.validated_data)
        return Response(ItemSerializer(_item(item.case, item.pk)).data, status=status.HTTP_201_CREATED)


class MarkWithdrawalView(_CaseView):
    @extend_schema(
        operation_id="withdraw_performance_mark", tags=TAGS, summary="Withdraw a wrong “not performed”",
        description="The mark stays on the record and no longer counts.",
        parameters=[CASE_ID, OpenApiParameter("item", int, OpenApiParameter.PATH),
                    OpenApiParameter("mark", int, OpenApiParameter.PATH)],
        request=WithdrawalSerializer, responses={201: WithdrawalSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, id, item, mark):
        mark = PerformanceMark.objects.filter(item=_item(self.case(), item), pk=_int(mark)).first()
        if mark is None:
            raise Http404(_("No such report."))
        serializer = WithdrawalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        withdrawal = corrections.withdraw_mark(mark, request.user, reason=serializer.validated_data["reason"])
        return Response(WithdrawalSerializer(withdrawal).data, status=status.HTTP_201_CREATED)
