from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import AppendOnly
from jiefen.core.taxonomy import Channel
from jiefen.orgs.models import ScopedQuerySet


class ReportQuerySet(ScopedQuerySet):
    scope_field = "station"


class FieldReport(models.Model):
    """A dispute a grid worker or informant found in the field: a lead for the station serving its place, or a case
    at once when the reporter could name both sides. Only ``status`` and ``case`` ever change, each change logged
    in ``FieldReportEvent``."""

    class ReporterKind(models.TextChoices):
        GRID = Channel.GRID.value, _("Grid worker")
        INFORMANT = Channel.INFORMANT.value, _("Informant")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")
        IMMEDIATE = "immediate", _("Immediate: risk of escalation")

    class Status(models.TextChoices):
        OPEN = "open", _("Lead to check")
        CASE = "case", _("Turned into a case")
        CLOSED = "closed", _("Closed: no dispute")

    number = models.CharField(_("report number"), max_length=40, unique=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reporter_name = models.CharField(_("reporter"), max_length=150)
    reporter_kind = models.CharField(_("reported as"), max_length=16, choices=ReporterKind.choices)
    station = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="field_reports")
    place = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    location = models.CharField(_("exact location"), max_length=120, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=120)
    description = models.TextField(_("what happened"))
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="field_report"
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")

    def __str__(self):
        return f"{self.number} {self.summary}"

    @property
    def channel(self) -> str:
        return self.reporter_kind

    def delete(self, *args, **kwargs):
        raise RuntimeError("Field reports are never deleted.")


def photo_path(instance, filename):
    # The stored name never carries the phone's file name.
    return f"screening/photos/{instance.report_id}/{instance.token}"


class FieldPhoto(AppendOnly):
    """A photo taken at the place; served only to the reporter and to staff whose jurisdiction covers the station."""

    report = models.ForeignKey(FieldReport, on_delete=models.PROTECT, related_name="photos")
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("photo"), upload_to=photo_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("field photo")
        verbose_name_plural = _("field photos")

    def __str__(self):
        return self.original_name


class FieldReportEvent(AppendOnly):
    """One change of a report's status (the first one, from blank, is the report itself): who, when, why."""

    report = models.ForeignKey(FieldReport, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=8, choices=FieldReport.Status.choices, blank=True)
    to_status = models.CharField(max_length=8, choices=FieldReport.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("field report event")
        verbose_name_plural = _("field report events")

    def __str__(self):
        return f"{self.report_id} {self.from_status}→{self.to_status}"
