"""Responses that hand over a stored file that may show a person (evidence, a consent, a photo from the field)."""

from django.http import FileResponse


def private_file(stored, content_type: str, *, filename: str | None = None) -> FileResponse:
    """``stored`` (a FieldFile) served as ``content_type`` exactly, never guessed by the browser, and kept by no
    cache; as a download named ``filename`` when given."""
    response = FileResponse(
        stored.open("rb"), content_type=content_type, as_attachment=filename is not None, filename=filename or "",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
