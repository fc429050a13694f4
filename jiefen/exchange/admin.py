from django.contrib import admin

from jiefen.exchange.models import Sender


@admin.register(Sender)
class SenderAdmin(admin.ModelAdmin):
    """Administrators register senders; referrals and deliveries are read in the workbench."""

    list_display = ["code", "name", "kind", "organisation", "webhook_url", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["organisation"]
