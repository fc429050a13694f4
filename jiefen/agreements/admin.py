from django.contrib import admin

from jiefen.agreements.models import IntermediateCourtThreshold, WindowWarning


@admin.register(WindowWarning)
class WindowWarningAdmin(admin.ModelAdmin):
    """When the mediator and coordinators are warned that the window for judicial confirmation is closing."""

    list_display = ["days_before", "is_active"]
    list_editable = ["is_active"]


@admin.register(IntermediateCourtThreshold)
class IntermediateCourtThresholdAdmin(admin.ModelAdmin):
    """From which amount in dispute the judicial confirmation is applied for at the intermediate court."""

    list_display = ["amount", "party_outside_province", "rule", "is_active"]
    list_editable = ["is_active"]
