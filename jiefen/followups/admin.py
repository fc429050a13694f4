from django.contrib import admin

from jiefen.followups.models import FollowUpPlan


@admin.register(FollowUpPlan)
class FollowUpPlanAdmin(admin.ModelAdmin):
    list_display = ["category", "risk", "days", "is_active"]
    list_filter = ["is_active", "risk"]
    list_editable = ["days", "is_active"]
    list_display_links = ["category"]
