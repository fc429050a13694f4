"""Work orders are read-only in the admin (they change only through the services); the duty roster is edited here
by an administrator. Nothing is deleted: a shift that will not happen is marked cancelled."""

from django.contrib import admin
from django.utils import timezone

from jiefen.core.admin import ReadOnlyInline, ReadOnlyModelAdmin
from jiefen.hotline.models import DutyShift, WorkOrder, WorkOrderEvent


class WorkOrderEventInline(ReadOnlyInline):
    model = WorkOrderEvent
    fields = ["at", "action", "from_state", "to_state", "actor_name", "actor_organisation", "note"]
    readonly_fields = fields


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyModelAdmin):
    list_display = ["number", "received_at", "urgency", "state", "organisation", "masked_callback_number"]
    list_filter = ["state", "urgency"]
    search_fields = ["number"]
    list_select_related = ["organisation"]
    date_hierarchy = "received_at"
    exclude = ["callback_number"]
    readonly_fields = [
        "number", "organisation", "caller_name", "masked_callback_number", "summary", "urgency", "state",
        "received_at", "taken_by", "answer", "case", "callback_due_at", "callback_done_at", "callback_note",
    ]
    inlines = [WorkOrderEventInline]


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "ends_at", "staff", "seat", "organisation", "cancelled"]
    list_filter = ["cancelled", "seat"]
    search_fields = ["staff__user__first_name", "staff__user__username", "organisation__name", "seat"]
    list_select_related = ["staff__user", "staff__organisation", "organisation"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["staff", "organisation"]  # a city has thousands of organisations
    readonly_fields = ["planned_by", "planned_at", "cancelled_by", "cancelled_at"]
    fields = ["staff", "organisation", "seat", "starts_at", "ends_at", "cancelled", *readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.planned_by = request.user
        if obj.cancelled and obj.cancelled_at is None:
            obj.cancelled_by, obj.cancelled_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
