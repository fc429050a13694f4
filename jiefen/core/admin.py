from django.contrib import admin

from jiefen.core.models import CalendarDay


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under their parent in the admin as they were written: no adding, changing or deleting."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Records that change only through the services (or never): the admin shows them and does nothing else."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Each year's State Council holiday notice is entered here (or loaded with ``manage.py load_holidays``)."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind", "name"]
    date_hierarchy = "date"
