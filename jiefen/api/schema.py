"""OpenAPI details drf-spectacular cannot guess: shared enum components."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_description_list
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    """A ChoiceField whose choices are one named schema component wherever they appear.

    The states of a case appear as ``state``, ``from_state`` and ``to_state``; without a name of their own
    drf-spectacular would emit one enum per field name (and warn about it).
    """

    def __init__(self, *, component_name: str, **kwargs):
        self.component_name = component_name
        super().__init__(**kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def get_name(self):
        return self.target.component_name

    def map_serializer_field(self, auto_schema, direction):
        choices = {value: label for value, label in self.target.choices.items() if value not in ("", None)}
        return {
            "type": "string",
            "enum": list(choices),
            "description": build_choice_description_list(choices.items()),
        }
