"""Files that may show a person are opened only by those entitled to them, and every opening by staff is logged."""

from django.http import Http404
from django.utils.translation import gettext as _

from jiefen.cases.models import FileView
from jiefen.cases.services import access_case
from jiefen.orgs.jurisdiction import staff_of


def log_file_view(user, kind: str, ref: str, *, case_id: int | None = None) -> FileView | None:
    """Record that staff member ``user`` opened the file ``ref`` of ``kind``; a citizen opening their own file is
    not logged (it is theirs). Call it once access has been granted."""
    staff = staff_of(user)
    if staff is None:
        return None
    return FileView.objects.create(
        kind=kind, ref=ref, case_id=case_id, viewer=user, viewer_name=user.get_full_name() or user.get_username(),
        viewer_organisation=staff.organisation.name,
    )


def staff_file(user, model, token: str, kind: str):
    """The row of ``model`` (with ``case`` and ``token``) holding file ``token``, for staff whose jurisdiction
    covers its case, the opening logged as ``kind``; 404 for anyone else, who learns nothing."""
    row = model.objects.filter(token=token).first() if token else None
    if row is None:
        raise Http404(_("No such file."))
    access_case(user, row.case_id)
    log_file_view(user, kind, row.token, case_id=row.case_id)
    return row
