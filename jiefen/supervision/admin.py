from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jiefen.core.admin import ReadOnlyModelAdmin
from jiefen.supervision.models import AgencyContact, UrgeMessage


@admin.register(AgencyContact)
class AgencyContactAdmin(admin.ModelAdmin):
    """The registry of contacts at agencies off the platform, whom urges reach by text message. A contact who moved
    on is made inactive: the urges sent to them keep pointing at the row."""

    list_display = ["name", "office", "agency", "mobile_masked", "email", "is_active"]
    list_filter = ["is_active", "agency__kind"]
    search_fields = ["name", "office", "agency__name", "agency__code"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    fields = ["agency", "name", "office", "mobile", "email", "is_active"]

    @admin.display(description=_("mobile"))
    def mobile_masked(self, contact):
        return contact.masked_mobile or "—"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UrgeMessage)
class UrgeMessageAdmin(ReadOnlyModelAdmin):
    list_display = ["at", "urge", "contact", "sent_at", "error"]
    list_filter = ["at"]
    list_select_related = ["urge", "contact__agency"]
    search_fields = ["urge__case__number", "contact__name", "contact__agency__name"]
