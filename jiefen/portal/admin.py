"""Administrators open appointment slots per centre or station; bookings are read here, never deleted."""

from django.contrib import admin

from jiefen.portal.models import Appointment, AppointmentSlot


@admin.register(AppointmentSlot)
class AppointmentSlotAdmin(admin.ModelAdmin):
    list_display = ["organisation", "starts_at", "ends_at", "capacity", "is_open"]
    list_filter = ["is_open"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "starts_at"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["slot", "case", "booked_at", "cancelled_at"]
    readonly_fields = ["slot", "case", "citizen", "booked_at", "cancelled_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
