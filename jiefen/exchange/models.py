"""Who sends disputes in (``Sender``), which case came from whom (``Referral``), and what each sender is told
(``Delivery``, one per case event, with its ``DeliveryAttempt``s and ``Replay``s, both append-only)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import ReferralKind
from jiefen.core.models import AppendOnly
from jiefen.core.taxonomy import Channel
from jiefen.orgs.models import ScopedQuerySet

SCHEMA = "jiefen.case-event/1"


class Sender(models.Model):
    """A body that refers disputes to the network and is told of every change of their state."""

    class Kind(models.TextChoices):
        COURT = "court", _("Court (诉调对接)")
        PETITION = "petition", _("Petition office (访调对接)")
        POLICE = "police", _("Police (公调对接)")
        PROCURATORATE = "procuratorate", _("Procuratorate (检调对接)")
        OTHER = "other", _("Other platform")

    code = models.SlugField(_("code"), max_length=32, unique=True, help_text=_("How the API names the sender"))
    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("receiving organisation"), on_delete=models.PROTECT,
        related_name="senders", help_text=_("The organisation of the network that handles this sender's referrals"),
    )
    webhook_url = models.URLField(_("webhook URL"), blank=True, help_text=_("Empty: the sender is not told"))
    secret = models.CharField(
        _("signing secret"), max_length=128, help_text=_("Shared with the sender; signs every webhook (HMAC-SHA256)")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sender")
        verbose_name_plural = _("senders")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def channel(self) -> str:
        return CHANNEL_OF_KIND[self.kind]


CHANNEL_OF_KIND = {
    Sender.Kind.COURT: Channel.COURT,
    Sender.Kind.PETITION: Channel.PETITION,
    Sender.Kind.POLICE: Channel.POLICE,
    Sender.Kind.PROCURATORATE: Channel.PROCURATORATE,
    Sender.Kind.OTHER: Channel.OTHER_PLATFORM,
}
REFERRAL_CHANNELS = frozenset(CHANNEL_OF_KIND.values())


class ReferralQuerySet(ScopedQuerySet):
    scope_field = "case__handling_org"


class Referral(AppendOnly):
    """The case a sender referred, with the sender's own reference (a court's case number)."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="referral")
    sender = models.ForeignKey(Sender, on_delete=models.PROTECT, related_name="referrals")
    referral_kind = models.CharField(_("court referral"), max_length=12, choices=ReferralKind.choices, blank=True)
    external_reference = models.CharField(_("sender's reference"), max_length=64, blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    through = models.CharField(_("through"), max_length=8, choices=[("ui", _("Workbench")), ("api", _("API"))])
    at = models.DateTimeField(_("referred at"), auto_now_add=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-at", "-pk"]


class DeliveryQuerySet(ScopedQuerySet):
    scope_field = "case__handling_org"


class Delivery(models.Model):
    """One case event to tell one sender. The worker claims a due row with a conditional UPDATE on its
    ``claim_token`` (no row locks), posts it signed, and schedules a retry with back-off when it fails."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    sender = models.ForeignKey(Sender, on_delete=models.PROTECT, related_name="deliveries")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="deliveries")
    event = models.ForeignKey("cases.CaseEvent", on_delete=models.PROTECT, related_name="deliveries")
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    failures = models.PositiveIntegerField(
        _("failures in a row"), default=0, help_text=_("Since the last success or replay; decides the back-off")
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claim_token = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        constraints = [models.UniqueConstraint(fields=["event", "sender"], name="exchange_one_delivery_per_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="exchange_delivery_due")]

    def __str__(self):
        return f"{self.payload.get('case', '')} {self.payload.get('move', '')} → {self.sender_id}"


class DeliveryAttempt(AppendOnly):
    """One POST of a delivery: when, how long, what came back."""

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="attempt_log")
    number = models.PositiveIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    status_code = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)

    class Meta:
        ordering = ["pk"]


class Replay(AppendOnly):
    """A liaison's request to send a delivery again."""

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="replays")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
