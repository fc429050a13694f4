"""Assisted filing (代为申请): staff or a grid worker file for a person without a smartphone, and the proof of that
person's consent (a photo of the signed or thumb-printed form, or a voice note) is kept with the case.

The consent is written in the same transaction as the registration: both are stored, or neither.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiefen.cases.files import staff_file
from jiefen.cases.models import AssistedFiling, Case, FileView
from jiefen.cases.services import register_case
from jiefen.core.uploads import AUDIO_TYPES, PHOTO_TYPES, content_type_of, size_error

MAX_CONSENT_SIZE = 20 * 2**20
ACCEPTED = {AssistedFiling.ConsentKind.PHOTO: PHOTO_TYPES, AssistedFiling.ConsentKind.VOICE: AUDIO_TYPES}


def check_consent(consent_kind: str, upload) -> str:
    """The consent file's content type, or a ValidationError on ``consent_file`` saying what is accepted."""
    if consent_kind not in ACCEPTED:
        raise ValidationError({"consent_kind": [_("Choose how the person's consent was recorded.")]})
    if upload is None:
        raise ValidationError({"consent_file": [
            _("For an assisted filing, attach the photo of the signed consent or the voice note.")
        ]})
    content_type = content_type_of(upload)
    if content_type not in ACCEPTED[consent_kind]:
        if consent_kind == AssistedFiling.ConsentKind.PHOTO:
            message = _("“%(name)s” is not a photo. Please take or choose a photo (JPG, PNG, HEIC or WebP) of the "
                        "signed or thumb-printed consent.")
        else:
            message = _("“%(name)s” is not a voice recording. Please record or choose an audio file (AMR, M4A, "
                        "MP3, WAV, OGG or WebM).")
        raise ValidationError({"consent_file": [message % {"name": upload.name}]})
    too_big = size_error(upload, MAX_CONSENT_SIZE)
    if too_big:
        raise ValidationError({"consent_file": [too_big]})
    return content_type


def record_assisted_filing(case: Case, *, consent_kind: str, upload, actor) -> AssistedFiling:
    """Keep the consent of the person ``actor`` filed ``case`` for; call it in the registration's transaction."""
    content_type = check_consent(consent_kind, upload)
    filing = AssistedFiling(
        case=case, token=secrets.token_hex(16), consent_kind=consent_kind, content_type=content_type,
        size=upload.size, assisted_by=actor, assisted_by_name=actor.get_full_name() or actor.get_username(),
    )
    filing.consent_file.save(filing.token, upload, save=False)
    filing.save()
    return filing


def register_assisted(*, consent: dict | None, **registration) -> Case:
    """``register_case``, with the consent of an assisted filing when ``consent`` (kind and upload) is given: the
    file is checked before anything is written, and the case and its consent are stored together or not at all."""
    if consent is None:
        return register_case(**registration)
    check_consent(consent["consent_kind"], consent["upload"])
    with transaction.atomic():
        case = register_case(**registration)
        record_assisted_filing(case, actor=registration["actor"], **consent)
    return case


def consent_for(user, token: str) -> AssistedFiling:
    """The consent file for staff whose jurisdiction covers its case (each opening logged); 404 for anyone else."""
    return staff_file(user, AssistedFiling, token, FileView.Kind.CONSENT)
