"""Reports from the field (网格员、信息员上报) and the leads they leave at a station.

A report naming both sides becomes a case at once, through the one registration procedure; any other report is a
lead for the station serving its place, until its staff turn it into a case or close it as no dispute.
"""

import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case as Ranked
from django.db.models import IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.assisted import check_consent, register_assisted
from jiefen.cases.files import log_file_view
from jiefen.cases.models import Case, FileView
from jiefen.core.numbering import next_in_sequence
from jiefen.core.uploads import PHOTO_TYPES, content_type_of, size_error
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Post, organisation_serving
from jiefen.regions.models import Region
from jiefen.screening.models import FieldPhoto, FieldReport, FieldReportEvent

MAX_PHOTOS = 9
MAX_PHOTO_SIZE = 10 * 2**20
# The posts that check leads and turn them into cases; all of them register disputes.
LEAD_POSTS = {Post.INTAKE, Post.MEDIATION, Post.COORDINATION}
Status = FieldReport.Status
URGENT_FIRST = (FieldReport.Urgency.IMMEDIATE, FieldReport.Urgency.URGENT, FieldReport.Urgency.NORMAL)


def field_places(staff) -> QuerySet[Region]:
    """The villages a grid worker reports from: their own, or those of the township (or county) they work for."""
    region = staff.organisation.region
    if region.level == Region.Kind.VILLAGE:
        return Region.objects.filter(pk=region.pk)
    return Region.objects.filter(code__startswith=region.prefix, level=Region.Kind.VILLAGE)


def require_reporter(user):
    staff = staff_of(user)
    if staff is None or staff.post != Post.GRID:
        raise PermissionDenied(_("Only grid workers and informants report from the field."))
    return staff


def _lead_staff(user):
    staff = staff_of(user)
    if staff is None or staff.post not in LEAD_POSTS:
        raise PermissionDenied(_("Your post does not deal with leads from the field."))
    return staff


def check_photos(photos) -> list[str]:
    """The photos' content types; a ValidationError on ``photos`` naming each file refused, and why."""
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": [_("At most %(n)d photos per report.") % {"n": MAX_PHOTOS}]})
    errors, kinds = [], []
    for upload in photos:
        kind = content_type_of(upload)
        if kind not in PHOTO_TYPES:
            errors.append(_("“%(name)s” is not a photo. Please take or choose photos (JPG, PNG, HEIC or WebP).")
                          % {"name": upload.name})
        elif message := size_error(upload, MAX_PHOTO_SIZE):
            errors.append(message)
        else:
            kinds.append(kind)
    if errors:
        raise ValidationError({"photos": errors})
    return kinds


def _coordinate(value, limit: int, field: str, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not -limit <= number <= limit:
        errors.setdefault(field, []).append(_("The location from the phone is not valid; please try again."))
        return None
    return number


def report_from_field(
    *, reporter, place, summary: str, description: str, reporter_kind: str = FieldReport.ReporterKind.GRID,
    location: str = "", urgency: str = FieldReport.Urgency.NORMAL, latitude=None, longitude=None, photos=(),
    parties=(), claims: str = "", consent: dict | None = None,
) -> FieldReport:
    """File a report from the field at the station serving ``place``. With ``parties`` (both sides) it is
    registered as a case there at once, with ``consent`` for an assisted filing; otherwise it is a lead."""
    staff = require_reporter(reporter)
    errors: dict[str, list] = {}
    if place is None or not field_places(staff).filter(pk=place.pk).exists():
        errors["place"] = [_("Choose a village or community of your own area.")]
        station = None
    else:
        station = organisation_serving(place)
    report = FieldReport(
        reporter=reporter, reporter_name=reporter.get_full_name() or reporter.get_username(),
        reporter_kind=reporter_kind, station=station, place=place, location=(location or "").strip(),
        latitude=_coordinate(latitude, 90, "latitude", errors),
        longitude=_coordinate(longitude, 180, "longitude", errors),
        summary=(summary or "").strip(), description=(description or "").strip(), urgency=urgency,
    )
    try:
        report.full_clean(exclude=["number", "reporter", "station", "place", "case", "status"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    try:
        kinds = check_photos(photos)
    except ValidationError as error:
        errors.update(error.message_dict)
    if consent is not None:
        try:
            if not parties:
                raise ValidationError({"consent_file": [
                    _("An assisted filing registers a case: give the applicant and the respondent.")
                ]})
            check_consent(consent["consent_kind"], consent["upload"])
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if parties:
            report.case = register_assisted(
                consent=consent, actor=reporter, handling_org=station, place=place, summary=report.summary,
                description=report.description, claims=claims, parties=list(parties), channel=reporter_kind,
            )
            report.status = Status.CASE
        year = timezone.localdate().year
        report.number = f"{station.code}-{year}-X{next_in_sequence(f'lead:{station.code}', year):05d}"
        report.save()
        for upload, kind in zip(photos, kinds, strict=True):
            photo = FieldPhoto(
                report=report, token=secrets.token_hex(16), original_name=upload.name[-255:], content_type=kind,
                size=upload.size,
            )
            photo.file.save(photo.token, upload, save=False)
            photo.save()
        _log(report, "", report.status, reporter)
    return report


def _log(report: FieldReport, from_status: str, to_status: str, actor, reason: str = "") -> None:
    FieldReportEvent.objects.create(
        report=report, from_status=from_status, to_status=to_status, actor=actor,
        actor_name=actor.get_full_name() or actor.get_username(), reason=reason,
    )


def my_reports(user) -> QuerySet[FieldReport]:
    return FieldReport.objects.filter(reporter=user).select_related("place", "station", "case")


def open_leads(user) -> QuerySet[FieldReport]:
    """Leads waiting at the stations in the user's jurisdiction, the most urgent first; none for other posts."""
    staff = staff_of(user)
    if staff is None or staff.post not in LEAD_POSTS:
        return FieldReport.objects.none()
    order = Ranked(
        *(When(urgency=urgency, then=Value(rank)) for rank, urgency in enumerate(URGENT_FIRST)),
        output_field=IntegerField(),
    )
    leads = FieldReport.objects.visible_to(user).filter(status=Status.OPEN)
    return leads.select_related("place", "station").order_by(order, "reported_at", "id")


def access_report(user, pk) -> FieldReport:
    """The report if the user's jurisdiction covers its station; otherwise 404, as if it did not exist."""
    try:
        return FieldReport.objects.visible_to(user).select_related("place", "station", "case").get(pk=pk)
    except (FieldReport.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such report.")) from None


def _settle(lead: FieldReport, actor, to_status: str, reason: str = "", case: Case | None = None) -> None:
    """Move an open lead on, once: a lead someone else has just dealt with raises (and rolls back the caller)."""
    changed = FieldReport.objects.filter(pk=lead.pk, status=Status.OPEN).update(status=to_status, case=case)
    if not changed:
        raise ValidationError(_("Someone else has just dealt with this lead; please look at it again."))
    lead.status, lead.case = to_status, case
    _log(lead, Status.OPEN, to_status, actor, reason)


def turn_lead_into_case(lead: FieldReport, actor, *, parties: list[dict], consent: dict | None = None,
                        **registration) -> Case:
    """Register the lead as a case (``register_case``; place, station, summary and facts from the lead unless
    given); its photos stay with it and show on the case."""
    _lead_staff(actor)
    lead = access_report(actor, lead.pk)
    if lead.status != Status.OPEN:
        raise ValidationError(_("Someone else has just dealt with this lead; please look at it again."))
    registration = {
        "handling_org": lead.station, "place": lead.place, "summary": lead.summary,
        "description": lead.description, **registration,
    }
    with transaction.atomic():
        case = register_assisted(consent=consent, actor=actor, channel=lead.reporter_kind, parties=parties,
                                 **registration)
        _settle(lead, actor, Status.CASE, case=case)
    return case


def close_lead(lead: FieldReport, actor, reason: str) -> FieldReport:
    """Close a lead found to be no dispute, with the reason (kept in the report's history)."""
    _lead_staff(actor)
    lead = access_report(actor, lead.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Please say why there is no dispute to register.")]})
    if lead.status != Status.OPEN:
        raise ValidationError(_("Someone else has just dealt with this lead; please look at it again."))
    with transaction.atomic():
        _settle(lead, actor, Status.CLOSED, reason)
    return lead


def photo_for(user, token: str) -> FieldPhoto:
    """The photo for its reporter, staff whose jurisdiction covers its station, or staff handling its case (each
    opening by staff other than the reporter logged)."""
    photo = FieldPhoto.objects.select_related("report").filter(token=token).first()
    if photo is None or staff_of(user) is None:
        raise Http404(_("No such file."))
    report = photo.report
    if report.reporter_id == user.pk:
        return photo
    if FieldReport.objects.visible_to(user).filter(pk=report.pk).exists() or (
        report.case_id and Case.objects.visible_to(user).filter(pk=report.case_id).exists()
    ):
        log_file_view(user, FileView.Kind.FIELD_PHOTO, photo.token, case_id=report.case_id)
        return photo
    raise Http404(_("No such file."))
