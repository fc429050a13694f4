from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jiefen.orgs.models import Mediator, MediatorDuty, Organisation, Staff


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "post", "phone"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "level", "region", "parent", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "code", "region__name"]
    list_select_related = ["region", "parent"]
    autocomplete_fields = ["region", "parent"]
    readonly_fields = ["path"]
    fields = [
        "code", "name", "kind", "level", "region", "parent", "path", "specialties", "address", "phone", "is_active",
    ]
    inlines = [StaffInline]
    show_full_result_count = False
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        # The subtree's paths are built from the codes and the parent: moving an organisation would need every
        # descendant's path rewritten, which the admin does not do.
        return [*self.readonly_fields, "code", "parent"] if obj is not None else self.readonly_fields


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["username", "full_name", "organisation", "post", "phone"]
    list_filter = ["post", "organisation__level"]
    search_fields = [
        "user__username", "user__first_name", "user__last_name", "organisation__name", "organisation__code",
    ]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]

    @admin.display(description=_("username"), ordering="user__username")
    def username(self, staff):
        return staff.user.username

    @admin.display(description=_("name"), ordering="user__first_name")
    def full_name(self, staff):
        return staff.user.get_full_name()


@admin.register(Mediator)
class MediatorAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "grade", "specialty_list", "is_invited", "user", "is_active"]
    list_filter = ["grade", "is_invited", "is_active", "organisation__level", "organisation__kind"]
    search_fields = ["name", "organisation__name", "organisation__code", "user__username"]
    list_select_related = ["organisation", "user"]
    autocomplete_fields = ["organisation", "user"]
    show_full_result_count = False

    @admin.display(description=_("specialties"))
    def specialty_list(self, mediator):
        return "、".join(mediator.specialties)


@admin.register(MediatorDuty)
class MediatorDutyAdmin(admin.ModelAdmin):
    list_display = ["day", "mediator", "note"]
    list_filter = ["day"]
    search_fields = ["mediator__name", "mediator__organisation__name"]
    list_select_related = ["mediator"]
    autocomplete_fields = ["mediator"]
    date_hierarchy = "day"
