
from jiefen.cases.assisted import consent_for
from jiefen.core.http import private_file
from jiefen.workbench.access import staff_required


@staff_required
def consent_view(request, token):
    """The consent of an assisted filing, for staff whose jurisdiction covers its case (404 for anyone else)."""
    filing = consent_for(request.user, token)
    return private_file(filing.consent_file, filing.content_type)
