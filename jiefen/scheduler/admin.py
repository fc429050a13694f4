from django.contrib import admin

from jiefen.scheduler.models import EscalationStep, Firing, ReminderRule


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    """When reminders go out before a deadline: administrators add, change or switch off the working days."""

    list_display = ["working_days_before", "is_active"]


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    """The closed loop: how long after the deadline an unresolved case goes up each level."""

    list_display = ["stage", "working_days_overdue", "is_active"]


@admin.register(Firing)
class FiringAdmin(admin.ModelAdmin):
    """What the scheduler fired, read-only: the rows are append-only."""

    list_display = ["case", "kind", "deadline", "stage", "organisation", "due_on", "fired_at"]
    list_filter = ["kind"]
    search_fields = ["case__number"]
    list_select_related = ["case", "organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
