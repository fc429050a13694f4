from django.contrib import admin

from jiefen.respondent.models import ContactStep


@admin.register(ContactStep)
class ContactStepAdmin(admin.ModelAdmin):
    list_display = ["working_days", "action", "is_active"]
    list_editable = ["action", "is_active"]
