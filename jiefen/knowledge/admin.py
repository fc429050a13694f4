"""The service catalogue in the admin: lists edited one entry per line, categories and levels ticked, nothing
deleted (an item is deactivated instead); Django's admin log records every change."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiefen.core.taxonomy import Category, Level
from jiefen.core.text import lines
from jiefen.knowledge.models import ServiceItem


class LinesField(forms.CharField):
    """A JSON list of strings, edited as one entry per line."""

    widget = forms.Textarea(attrs={"rows": 6, "cols": 100})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return lines(value)

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class TimeLimitsField(LinesField):
    """Time limits, one per line: ``what the limit is | 法名:第N条 | the words of the article that set it``."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(" | ".join(row.get(key, "") for key in ("text", "basis", "quote")) for row in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        rows = []
        for n, line in enumerate(super().to_python(value), 1):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise ValidationError(
                    _("Line %(n)s: write the limit, the article and its wording, separated by |."),
                    params={"n": n}, code="format",
                )
            rows.append({"text": parts[0], "basis": parts[1], "quote": parts[2]})
        return rows


EDITED_AS_LISTS = [
    "levels", "categories", "conditions", "steps", "materials", "time_limits", "forms", "legal_basis",
]


class ServiceItemForm(forms.ModelForm):
    legal_basis = LinesField(label=_("legal basis"), help_text=ServiceItem._meta.get_field("legal_basis").help_text)
    levels = forms.MultipleChoiceField(
        label=_("levels that handle it"), choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.MultipleChoiceField(
        label=_("dispute categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("None chosen: every category"),
    )
    conditions = LinesField(label=_("conditions"), required=False)
    steps = LinesField(label=_("steps"), required=False)
    materials = LinesField(label=_("materials"), required=False)
    time_limits = TimeLimitsField(
        label=_("time limits"), required=False,
        help_text=_("One per line: the limit | the article (法名:第N条) | the words of the article that set it"),
    )
    forms = LinesField(label=_("forms and sample texts"), required=False)

    class Meta:
        model = ServiceItem
        fields = ["code", "method", "name", "summary", "order", "is_active", "handler", "cost", "remarks"]
        fields += EDITED_AS_LISTS


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    form = ServiceItemForm
    list_display = ["name", "method", "code", "order", "is_active", "updated_at"]
    list_editable = ["order", "is_active"]
    list_filter = ["method", "is_active"]
    search_fields = ["name", "code", "summary"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["code", "method", "name", "summary", "order", "is_active"]}),
        (_("Who and where"), {"fields": ["levels", "handler", "categories"]}),
        (_("How"), {"fields": ["conditions", "steps", "materials", "time_limits", "cost", "forms"]}),
        (_("Law"), {"fields": ["legal_basis", "remarks", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The code is how the shipped data and other records find an item: fixed once it exists.
        return [*self.readonly_fields, "code"] if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False
