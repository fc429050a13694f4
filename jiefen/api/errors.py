"""One JSON shape for every error the API returns, whatever raised it.

Every error body has ``detail`` (a sentence in the user's language) and ``code`` (stable, for programs).
Invalid input (400) adds ``errors``: a flat map from a field path to its messages, where a path names a field of
the request body the way a client would write it: ``amount``, ``parties``, ``parties[1].id_number``;
errors that belong to no single field are under ``non_field_errors``. An illegal move (409) adds ``state``, the
case's current state, and its label.

The services raise Django's exceptions (ValidationError, PermissionDenied, Http404) and ``IllegalMove``; the
serializers raise DRF's. Both end here, so a client sees one format.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from jiefen.api.serializers import StateField
from jiefen.cases.services import IllegalMove

NON_FIELD = "non_field_errors"
INVALID_INPUT = _("The input is not valid; see the messages for each field.")


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure (dicts, lists of dicts, dicts keyed by index) as ``{path: [messages]}``."""
    flat: dict[str, list[str]] = {}

    def add(path: str, messages: list[str]) -> None:
        flat.setdefault(path or NON_FIELD, []).extend(messages)

    def walk(node, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, int):
                    walk(value, f"{path}[{key}]")
                elif key in (NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY):
                    walk(value, f"{path}.{NON_FIELD}" if path else NON_FIELD)
                else:
                    walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list | tuple):
            for index, item in enumerate(node):
                if isinstance(item, dict | list | tuple):
                    walk(item, f"{path}[{index}]")
                else:
                    add(path, [force_str(item)])
        else:
            add(path, [force_str(node)])

    walk(detail, prefix)
    return flat


def _django_validation_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        # The services already name nested fields as paths ("parties[0].id_number"); keep them as they are.
        return flatten_errors({field: list(messages) for field, messages in error.message_dict.items()})
    return {NON_FIELD: list(error.messages)}


def illegal_move_response(exc: IllegalMove) -> Response:
    return Response(
        {
            "detail": str(exc),
            "code": "illegal_move",
            "state": exc.case.state,
            "state_label": str(exc.case.get_state_display()),
        },
        status=status.HTTP_409_CONFLICT,
    )


def exception_handler(exc, context):
    if isinstance(exc, IllegalMove):
        return illegal_move_response(exc)
    if isinstance(exc, DjangoValidationError):
        errors = _django_validation_errors(exc)
        return Response(
            {"detail": str(INVALID_INPUT), "code": "invalid", "errors": errors}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a bug, answered 500 by Django and logged
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": str(INVALID_INPUT), "code": "invalid", "errors": flatten_errors(exc.detail)}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data.get("detail", "")
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": force_str(detail), "code": code}
        if response.status_code == status.HTTP_400_BAD_REQUEST:
            # A body that is not JSON at all (parse_error): still a 400, so still the shape with `errors`.
            response.data["errors"] = {NON_FIELD: [force_str(detail)]}
    return response


# Serializers that describe the error bodies in the OpenAPI schema (never used to validate anything).


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the user's language (Accept-Language).")
    code = serializers.CharField(
        help_text="A stable code for programs: not_authenticated, authentication_failed, permission_denied, "
        "not_found, invalid, parse_error, illegal_move, …"
    )


class ValidationErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field path: `amount`, `parties`, `parties[1].id_number`; errors that concern no "
        "single field are under `non_field_errors`.",
    )


class IllegalMoveErrorSerializer(ErrorSerializer):
    state = StateField(help_text="The case's current state.")
    state_label = serializers.CharField(help_text="The current state's name, in the user's language.")


ERROR_DESCRIPTIONS = {
    400: "Invalid input: `errors` holds the messages for each field.",
    401: "Not authenticated: no credentials, or an invalid token (see the WWW-Authenticate header).",
    403: "Forbidden: the user holds no post in the network, or their post may not do this (`detail` says why).",
    404: "Not found, or outside the user's jurisdiction (the API does not tell the two apart).",
    409: "The move does not exist from the case's current state; `state` names the current state.",
}
ERROR_SERIALIZERS = {400: ValidationErrorSerializer, 409: IllegalMoveErrorSerializer}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error responses of an operation, for ``extend_schema(responses={..., **error_responses()})``."""
    return {
        code: OpenApiResponse(ERROR_SERIALIZERS.get(code, ErrorSerializer), description=ERROR_DESCRIPTIONS[code])
        for code in codes
    }
