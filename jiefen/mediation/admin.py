from django.contrib import admin

from jiefen.mediation.models import SessionReminder


@admin.register(SessionReminder)
class SessionReminderAdmin(admin.ModelAdmin):
    """How long before a scheduled session the parties and the mediator are reminded: the one row is edited, or
    switched off, never added to or deleted (the scheduler reads the first)."""

    list_display = ["__str__", "hours_before", "is_active"]
    list_editable = ["hours_before", "is_active"]
    list_display_links = ["__str__"]

    def has_add_permission(self, request):
        return not SessionReminder.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
