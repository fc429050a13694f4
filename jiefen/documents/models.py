from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.orgs.models import ScopedQuerySet


class ServiceRecordQuerySet(ScopedQuerySet):
    scope_field = "case__handling_org"

    def update(self, **kwargs):
        if set(kwargs) != {"read_at"}:
            raise TypeError("Service records are kept as written; only the time they were read is added.")
        return super().update(**kwargs)

    def delete(self):
        raise TypeError("Service records are never deleted")


class ServiceRecord(models.Model):
    """That a document was served on a party (送达记录): which, how, to whom, when, by whom, and when it was read.

    Written by ``jiefen.documents.services.serve_document``; names are copied as they were on the day, and a
    record is never changed afterwards except for the moment the party reads the document.
    """

    class Document(models.TextChoices):
        NOTICE = "notice", _("One-time notice")
        AGREEMENT = "agreement", pgettext_lazy("document", "Mediation agreement")
        GUIDANCE = "guidance", _("Guidance on the legal paths left")

    class Method(models.TextChoices):
        WINDOW = "window", _("Handed over at the window")
        PORTAL = "portal", _("Online portal")
        SMS = "sms", _("Text message")
        POST = "post", pgettext_lazy("way of service", "Post")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="service_records")
    document = models.CharField(_("document"), max_length=16, choices=Document.choices)
    method = models.CharField(_("served by way of"), max_length=8, choices=Method.choices)
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    party_name = models.CharField(_("served on"), max_length=128)
    served_at = models.DateTimeField(_("served at"))
    served_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    served_by_name = models.CharField(_("served by"), max_length=150)
    served_by_organisation = models.CharField(pgettext_lazy("service", "organisation"), max_length=128)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Served on the portal: the party opens /portal/served/<token>/ from the link in a text message.
    token = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        ordering = ["served_at", "id"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        indexes = [models.Index(fields=["case", "served_at"])]

    def __str__(self):
        return f"{self.case_id} {self.get_document_display()} → {self.party_name} ({self.get_method_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("Service records are kept as written; use mark_read for the time of reading.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Service records are never deleted")

    @property
    def handed_over(self) -> bool:
        """Served in person at the window: the party signs the receipt there and then."""
        return self.method == self.Method.WINDOW
