from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jiefen.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["full_name"]
    show_full_result_count = False  # thousands of villages: skip the second COUNT(*) on every search
    list_per_page = 50

    @admin.display(description=_("full name"))
    def full_name(self, region):
        return region.full_name
