from django.http import FileResponse

from jiefen.cases.assisted import consent_for
from jiefen.workbench.access import staff_required


@staff_required
def consent_view(request, token):
    """The consent of an assisted filing, for staff whose jurisdiction covers its case (404 for anyone else)."""
    filing = consent_for(request.user, token)
    response = FileResponse(filing.consent_file.open("rb"), content_type=filing.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
