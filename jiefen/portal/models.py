"""The portal's own rows: citizen accounts, one-time codes, submissions with their tracking codes, ratings.

Nothing here is deleted: ratings and the text messages sent to parties stay with the case (foreign keys are
PROTECT). The evidence a citizen uploads is the case's material (``jiefen.mediation.materials``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import AppendOnly
from jiefen.core.pii import EncryptedTextField, digest
from jiefen.core.taxonomy import Method


class CitizenAccount(models.Model):
    """A citizen's Django user (without a staff post), found by the keyed digest of their phone number."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="citizen_account")
    phone = EncryptedTextField(_("phone"))
    phone_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")

    def __str__(self):
        return self.user.get_username()

    def personal_data_digests(self) -> dict[str, str]:
        return {"phone_digest": digest(self.phone)}


class LoginCode(models.Model):
    """One one-time code sent to a phone: only its digest is kept, with its expiry and the attempts made."""

    phone_digest = models.CharField(max_length=64, db_index=True)
    code_digest = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self):
        return f"{self.phone_digest[:8]}… {self.created_at:%Y-%m-%d %H:%M}"


class Submission(models.Model):
    """A case a citizen brought through the portal, and the tracking code they follow it with."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="portal_submission")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    phone_digest = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("portal submission")
        verbose_name_plural = _("portal submissions")

    def __str__(self):
        return self.tracking_code

    def personal_data_digests(self) -> dict[str, str]:
        # Submitted under the citizen's account, with its number (portal.services.submit).
        return {"phone_digest": digest(self.citizen.citizen_account.phone)}


def evidence_path(instance, filename):
    # Where the portal once stored evidence (the files stay there, now versions of the case's materials); the first
    # migration refers to this function, so it stays.
    return f"portal/evidence/{instance.case_id}/{instance.token}"


class Rating(models.Model):
    """A citizen's rating of the service on a closed case: one per case and citizen."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="portal_ratings")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stars = models.PositiveSmallIntegerField(_("stars"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "citizen"], name="portal_one_rating_per_case_and_citizen"),
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="portal_stars_1_to_5"),
        ]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        return f"{self.case_id}: {self.stars}/5"

    def delete(self, *args, **kwargs):
        raise RuntimeError("Ratings are never deleted.")


class AppointmentSlot(models.Model):
    """A time at a centre or station when citizens may come in person; ``capacity`` visitors at most."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="portal_slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1)
    is_open = models.BooleanField(_("open for booking"), default=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")

    def __str__(self):
        return f"{self.organisation} {self.starts_at:%Y-%m-%d %H:%M}"


class Appointment(models.Model):
    """A citizen's booking of a slot for their case. Never deleted: a cancelled one keeps its row."""

    slot = models.ForeignKey(AppointmentSlot, on_delete=models.PROTECT, related_name="appointments")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="portal_appointments")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(cancelled_at=None), name="portal_one_open_appointment_per_case"
            ),
        ]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self):
        return f"{self.case_id} @ {self.slot}"

    def delete(self, *args, **kwargs):
        raise RuntimeError("Appointments are never deleted; cancel them.")


class MethodResponse(models.Model):
    """The citizen's answer to the method proposed for their dispute: agreed (with the method) or refused
    (non-litigation declined: the right to go to court). Append-only; the latest answer counts. Staff read it on the
    case page and record the consent or refusal move."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="portal_method_responses")
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=32, choices=Method.choices, blank=True)
    agreed = models.BooleanField(_("agreed"))
    note = models.TextField(_("note"), blank=True, max_length=500)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("answer to the proposed method")
        verbose_name_plural = _("answers to the proposed method")

    def __str__(self):
        return f"{self.case_id}: {self.method or '—'} {'✓' if self.agreed else '✗'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Answers are recorded once; a new answer is a new row.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Answers are never deleted.")


class StatusMessage(AppendOnly):
    """One text message telling a party of their case (a status line, or the link to a document served online).

    Written by ``jiefen.portal.notifications`` for every attempt, sent or refused by the gateway, so that staff see
    which lines went out; a resend is a new row. The phone number is not copied here: the party holds it. The
    gateway's id of the message (what the sender returned) lets its delivery receipts find it (``SmsReceipt``).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="status_messages")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    event = models.ForeignKey("cases.CaseEvent", on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("text"), max_length=255)
    at = models.DateTimeField(_("attempted at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resent_by_name = models.CharField(_("resent by"), max_length=150, blank=True)
    gateway_id = models.CharField(_("gateway's message id"), max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("text message to a party")
        verbose_name_plural = _("text messages to parties")

    def __str__(self):
        return f"{self.case_id} → {self.party_id}: {self.text}"

    @property
    def delivery(self) -> "SmsReceipt | None":
        """The receipt that settles the message: a delivery if one was reported, else a failure, else None. Reads
        the prefetched ``receipts`` when there are."""
        receipts = sorted(self.receipts.all(), key=lambda receipt: (receipt.status != SmsReceipt.Status.DELIVERED,
                                                                    receipt.reported_at))
        return receipts[0] if receipts else None


class SmsReceipt(AppendOnly):
    """The gateway's delivery report of a text message: it reached the phone, or it could not be delivered (switched
    off for days, a number no longer in service). Written by ``jiefen.portal.receipts``; one per message and status,
    so that a report the gateway repeats is recorded once."""

    class Status(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Not delivered")

    message = models.ForeignKey(StatusMessage, on_delete=models.PROTECT, related_name="receipts")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    # When the gateway says it happened, and the gateway's own code for a failure (e.g. CMPP's "UNDELIV").
    reported_at = models.DateTimeField(_("reported at"))
    error = models.CharField(_("error"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["reported_at", "id"]
        verbose_name = _("delivery receipt of a text message")
        verbose_name_plural = _("delivery receipts of text messages")
        constraints = [
            models.UniqueConstraint(fields=["message", "status"], name="one_receipt_per_message_and_status"),
        ]

    def __str__(self):
        return f"{self.message_id} {self.status} {self.reported_at:%Y-%m-%d %H:%M}"
