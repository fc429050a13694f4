"""Evidence and materials of a case, in versions: who added which file, as whom, and when; a new version keeps
every earlier one. Files are judged by their content (``core.uploads``), stored under ``MEDIA_ROOT`` by an
unguessable token, and handed over only to those entitled: staff whose jurisdiction covers the case (every
opening logged as a ``cases.FileView``), and the parties of the sides the material is visible to.

The one store of a case's files from staff and parties alike: the evidence a citizen uploads on the public portal
(with the dispute, or later from the tracking page) comes in through ``add_by_party`` too.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from jiefen.cases.files import log_file_view
from jiefen.cases.models import Case, FileView, Party
from jiefen.cases.services import REGISTERING_POSTS, access_case
from jiefen.core.uploads import DOCUMENT_TYPES, PHOTO_TYPES, size_error, sniff_document
from jiefen.mediation.models import Material, MaterialVersion, Side, Visibility
from jiefen.orgs.jurisdiction import staff_of
from jiefen.portal.models import CitizenAccount

MAX_SIZE = 20 * 1024 * 1024
ACCEPTED = PHOTO_TYPES | DOCUMENT_TYPES | {"audio/mpeg", "audio/mp4", "audio/amr", "audio/wav"}
# Staff who add and version materials: those who take disputes in and mediate them (leaders and assessors read).
ADDING_POSTS = REGISTERING_POSTS


def check_file(upload, max_size: int = MAX_SIZE) -> str:
    """The file's content type read from its first bytes, or a ValidationError on ``file`` naming the file."""
    if upload is None:
        raise ValidationError({"file": [_("Choose a file.")]})
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_document(head, upload.name)
    if kind not in ACCEPTED:
        raise ValidationError({"file": [_("“%(name)s” is not an accepted file. Please add images (JPG, PNG, HEIC), "
                                          "PDF, Word (DOC, DOCX) or sound recordings.") % {"name": upload.name}]})
    problem = size_error(upload, max_size)
    if problem:
        raise ValidationError({"file": [problem]})
    return kind


def _digest(upload) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def _store(material: Material, upload, kind: str, actor, added_as: str, note: str,
           added_by_name: str = "") -> MaterialVersion:
    """The next version of ``material``; numbers are unique per material, so two uploads at once cannot share one
    (the second fails on the constraint and is refused)."""
    number = (material.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = MaterialVersion(
        material=material, number=number, token=secrets.token_hex(16), original_name=upload.name[-255:],
        content_type=kind, size=upload.size, sha256=_digest(upload), note=(note or "").strip()[:255],
        added_by=actor, added_by_name=(added_by_name or actor.get_full_name() or actor.get_username())[:150],
        added_as=added_as[:128],
    )
    version.file.save(version.token, upload, save=False)
    version.save()
    return version


def add_by_staff(case: Case, actor, upload, *, title: str = "", kind: str = Material.Kind.EVIDENCE,
                 visibility: str = Visibility.SHARED, material_pk=None, note: str = "") -> MaterialVersion:
    """A new material of ``case``, or (``material_pk``) a new version of one of its materials, by staff."""
    staff = staff_of(actor)
    if staff is None or staff.post not in ADDING_POSTS:
        raise PermissionDenied(_("Your post does not add materials to cases."))
    case = access_case(actor, case.pk)
    content_type = check_file(upload)
    with transaction.atomic():
        material = _material(case, material_pk, title=title, kind=kind, visibility=visibility, actor=actor)
        return _store(material, upload, content_type, actor, staff.organisation.name, note)


def add_by_party(case: Case, citizen, sides: set, upload, *, title: str = "", shared: bool = False,
                 material_pk=None, note: str = "", max_size: int = MAX_SIZE) -> MaterialVersion:
    """A party's file: a new material, seen by their own side and staff (and the other side when ``shared``),
    or a new version of a material that party added. ``sides`` are the citizen's sides in the case (the caller
    established them); the version names the party the case has for the citizen's phone on that side."""
    sides = [side for side in Side.values if side in sides]
    if not sides or not case.is_open:
        raise PermissionDenied(_("Materials can be added by the parties while the case is open."))
    content_type = check_file(upload, max_size)
    side = sides[0]
    with transaction.atomic():
        if material_pk is not None:
            material = Material.objects.filter(case=case, pk=material_pk, created_by=citizen).first()
            if material is None:
                raise ValidationError({"material": [_("You can add versions only to materials you added.")]})
        else:
            material = _material(case, None, title=title, kind=Material.Kind.EVIDENCE,
                                 visibility=Visibility.SHARED if shared else side, actor=citizen)
        with translation.override("zh-hans"):  # stored on the record, in the language of the record
            side_label = str(Side(side).label)
        return _store(material, upload, content_type, citizen, side_label, note,
                      added_by_name=party_name(case, citizen, side))


def party_name(case: Case, citizen, side: str) -> str:
    """The name of the citizen's party on ``side`` of ``case`` (the party with the phone they log in with), or ""
    when the case has none with that phone."""
    phone_digest = CitizenAccount.objects.filter(user=citizen).values_list("phone_digest", flat=True).first()
    if not phone_digest:
        return ""
    return Party.objects.filter(case=case, role=side, phone_digest=phone_digest).values_list(
        "name", flat=True).first() or ""


def _material(case, material_pk, *, title, kind, visibility, actor) -> Material:
    if material_pk not in (None, ""):
        material = Material.objects.select_for_update().filter(case=case, pk=material_pk).first()
        if material is None:
            raise ValidationError({"material": [_("No such material of this case.")]})
        return material
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("Give the material a title.")]
    if kind not in Material.Kind.values:
        errors["kind"] = [_("Choose a kind.")]
    if visibility not in Visibility.values:
        errors["visibility"] = [_("Choose who may see it.")]
    if errors:
        raise ValidationError(errors)
    return Material.objects.create(case=case, title=title.strip()[:120], kind=kind, visibility=visibility,
                                   created_by=actor)


def materials_for_staff(case: Case) -> list[Material]:
    """Every material of the case with its versions, newest version first (the caller checked jurisdiction)."""
    return list(
        Material.objects.filter(case=case).prefetch_related(
            Prefetch("versions", MaterialVersion.objects.order_by("-number"))
        ).order_by("created_at", "id")
    )


def materials_for_sides(case: Case, sides) -> list[Material]:
    """The materials the parties of ``sides`` may see: shared ones and their own side's, never the other side's
    nor staff-only ones."""
    wanted = [Visibility.SHARED, *(side for side in Side.values if side in sides)]
    return [material for material in materials_for_staff(case) if material.visibility in wanted]


def open_for_staff(user, case_pk, token: str) -> MaterialVersion:
    """A version for staff whose jurisdiction covers its case (404 otherwise); the opening is logged."""
    case = access_case(user, case_pk)
    version = MaterialVersion.objects.select_related("material").filter(token=token, material__case=case).first()
    if version is None:
        raise Http404(_("No such file."))
    log_file_view(user, FileView.Kind.MATERIAL, version.token, case_id=case.pk)
    return version


def open_for_sides(case: Case, sides, token: str) -> MaterialVersion:
    """A version for a party of ``sides``: 404 for a material of the other side or of staff only."""
    version = MaterialVersion.objects.select_related("material").filter(token=token, material__case=case).first()
    if version is None or not version.material.visible_to_sides(set(sides) & set(Side.values)):
        raise Http404(_("No such file."))
    return version
