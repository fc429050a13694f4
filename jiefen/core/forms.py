"""What every app's views do with forms."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's errors beside the form's fields they name, or above the form."""
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for name, messages in items:
        field = name if name in form.fields else None
        for message in messages:
            form.add_error(field, message)


class DatePicker(forms.DateInput):
    """The browser's date picker: ``<input type="date">`` takes and shows ISO dates only, whatever the language's
    own date format, so its value is always written ISO (a form shown again, or filled in, keeps its date)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimePicker(forms.DateTimeInput):
    """The browser's date and time picker (``datetime-local``), written ``YYYY-MM-DDTHH:MM`` for the same reason."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def cleaned_or_raise(form: forms.Form) -> dict:
    """The form's cleaned data, or its errors as one ValidationError by field, for a service to raise to its caller
    (a view, the API) the way a model's validation would."""
    if not form.is_valid():
        raise ValidationError(
            {field: [error["message"] for error in errors] for field, errors in form.errors.get_json_data().items()}
        )
    return form.cleaned_data
