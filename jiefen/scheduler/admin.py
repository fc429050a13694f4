from django.contrib import admin

from jiefen.core.admin import ReadOnlyModelAdmin
from jiefen.scheduler.models import EscalationStep, Firing, NoticeSeen, ReminderRule


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    """When reminders go out before a deadline: administrators add, change or switch off the working days."""

    list_display = ["working_days_before", "is_active"]


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    """The closed loop: how long after the deadline an unresolved case goes up each level."""

    list_display = ["stage", "working_days_overdue", "is_active"]


@admin.register(Firing)
class FiringAdmin(ReadOnlyModelAdmin):
    """What the scheduler fired, read-only: the rows are append-only."""

    list_display = ["case", "kind", "deadline", "stage", "organisation", "due_on", "fired_at"]
    list_filter = ["kind"]
    search_fields = ["case__number"]
    list_select_related = ["case", "organisation"]


@admin.register(NoticeSeen)
class NoticeSeenAdmin(ReadOnlyModelAdmin):
    """Who marked which notice seen (已阅), read-only: the rows are append-only."""

    list_display = ["firing__case", "firing__kind", "firing__deadline", "user", "seen_at"]
    search_fields = ["firing__case__number", "user__username"]
    list_select_related = ["firing__case", "user"]
