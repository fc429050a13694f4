from django.contrib import admin

from jiefen.core.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Each year's State Council holiday notice is entered here (or loaded with ``manage.py load_holidays``)."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind", "name"]
    date_hierarchy = "date"
