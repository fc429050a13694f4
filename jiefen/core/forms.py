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
