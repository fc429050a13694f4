"""Cases are read-only in the admin: their state changes only through the workflow, and nothing is deleted.

The deadline rules are data an administrator keeps; Django's admin log records each edit.
"""

from django.contrib import admin

from jiefen.cases.models import Case, CaseEvent, DeadlineRule, FileView, Party
from jiefen.core.admin import ReadOnlyInline, ReadOnlyModelAdmin


class PartyInline(ReadOnlyInline):
    model = Party
    fields = ["role", "kind", "name", "masked_id_number", "masked_phone", "address"]
    readonly_fields = fields


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["at", "move", "from_state", "to_state", "actor_name", "actor_organisation", "reason"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ReadOnlyModelAdmin):
    list_display = ["number", "summary", "state", "category", "handling_org", "level", "deadline", "registered_at"]
    list_filter = ["state", "category", "level", "channel"]
    search_fields = ["number", "summary"]
    list_select_related = ["handling_org"]
    date_hierarchy = "registered_at"
    inlines = [PartyInline, CaseEventInline]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "category", "complexity", "days", "working_days", "basis", "priority"]
    list_editable = ["days", "working_days", "priority"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FileView)
class FileViewAdmin(ReadOnlyModelAdmin):
    """Who opened which file showing a person: read only, never deleted."""

    list_display = ["at", "kind", "case", "viewer_name", "viewer_organisation", "ref"]
    list_filter = ["kind"]
    search_fields = ["viewer_name", "case__number", "ref"]
    list_select_related = ["case"]
    date_hierarchy = "at"
