"""Responses that hand over a file that may show a person: a stored one (evidence, a consent, a photo from the
field) or a document generated from a case (a notice, an agreement, an application)."""

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def private_file(stored, content_type: str, *, filename: str | None = None) -> FileResponse:
    """``stored`` (a FieldFile) served as ``content_type`` exactly, never guessed by the browser, and kept by no
    cache; as a download named ``filename`` when given."""
    response = FileResponse(
        stored.open("rb"), content_type=content_type, as_attachment=filename is not None, filename=filename or "",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def document_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A generated document, its type from its name's extension (PDF or DOCX): shown in the browser when
    ``inline`` (a PDF to print), else downloaded; kept by no cache, since documents name the parties."""
    response = HttpResponse(content, content_type=DOCUMENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"
    return response
