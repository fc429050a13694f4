"""The parties' consent to a deadline extension, as a file: the signed consent form photographed or scanned to PDF.

The ``extend_deadline`` move (``cases.moves.ExtendDeadlineForm``) checks it here (by its content, through
``core.uploads``) and keeps it in the move's transaction; the move's event carries the token, through which staff
whose jurisdiction covers the case open it from the timeline, each opening logged.
"""

import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiefen.cases.files import staff_file
from jiefen.cases.models import FileView
from jiefen.core.uploads import PHOTO_TYPES, size_error, sniff_document
from jiefen.supervision.models import ExtensionConsent

ACCEPTED = PHOTO_TYPES | {"application/pdf"}
MAX_SIZE = 20 * 2**20


def check_consent_file(upload) -> str:
    """The file's content type read from its first bytes, or a ValidationError saying what is accepted."""
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_document(head, upload.name)
    if content_type not in ACCEPTED:
        raise ValidationError(_("“%(name)s” is neither a photo nor a PDF. Please add a photo (JPG, PNG, HEIC or "
                                "WebP) or a PDF scan of the signed consent.") % {"name": upload.name})
    too_big = size_error(upload, MAX_SIZE)
    if too_big:
        raise ValidationError(too_big)
    return content_type


def new_token() -> str:
    return secrets.token_hex(16)


def keep_consent_file(case, upload, token: str, actor) -> ExtensionConsent:
    """Store the checked ``upload`` under ``token``; call it in the move's transaction."""
    consent = ExtensionConsent(
        case=case, token=token, original_name=upload.name[-255:], content_type=check_consent_file(upload),
        size=upload.size, added_by=actor, added_by_name=actor.get_full_name() or actor.get_username(),
    )
    consent.file.save(token, upload, save=False)
    consent.save()
    return consent


def consent_for(user, token: str) -> ExtensionConsent:
    """The consent file for staff whose jurisdiction covers its case (each opening logged); 404 for anyone else."""
    return staff_file(user, ExtensionConsent, token, FileView.Kind.EXTENSION_CONSENT)
