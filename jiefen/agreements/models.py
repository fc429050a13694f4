"""What makes a mediation agreement hold: each party's confirmation of its exact text, and the two ways to make
it enforceable, judicial confirmation by a court (司法确认) and notarial enforcement (公证赋强).

Owned here rather than in ``cases``: the court and notary link is its own part of the domain (courts and notary
offices, their numbers and rulings), and ``cases`` keeps the case and its moves. Rows change only through
``jiefen.agreements.services``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import AppendOnly

# 人民调解法 art. 33: the parties may apply jointly within 30 days from the day the agreement takes effect.
WINDOW_DAYS = 30


class ConfirmationCode(models.Model):
    """A one-time code sent by text message to a party's phone to confirm one agreement's exact text: only the
    code's digest is kept, with the hash of the text shown when it was asked for."""

    agreement = models.ForeignKey("cases.Agreement", on_delete=models.PROTECT, related_name="+")
    phone_digest = models.CharField(max_length=64, db_index=True)
    text_sha256 = models.CharField(max_length=64)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("agreement confirmation code")
        verbose_name_plural = _("agreement confirmation codes")

    def __str__(self):
        return f"{self.agreement_id} {self.created_at:%Y-%m-%d %H:%M}"


class PartyConfirmation(AppendOnly):
    """A party confirmed the agreement on the portal with a one-time code: when, who, and the SHA-256 of the
    exact canonical text they read. A new agreement (another row) needs new confirmations."""

    agreement = models.ForeignKey("cases.Agreement", on_delete=models.PROTECT, related_name="party_confirmations")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    party_name = models.CharField(_("party"), max_length=128)
    text_sha256 = models.CharField(_("SHA-256 of the text confirmed"), max_length=64)
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        ordering = ["confirmed_at", "id"]
        verbose_name = _("party confirmation")
        verbose_name_plural = _("party confirmations")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="agreements_confirm_once_per_party"),
        ]

    def __str__(self):
        return f"{self.party_name} {self.text_sha256[:12]}"


class CourtApplication(models.Model):
    """The parties' joint application for judicial confirmation of an agreement (司法确认申请), and what the court
    did with it, or the parties' withdrawal of it before the court ruled (SPC interpretation of the Civil Procedure
    Law art. 357). Its steps are also notes on the case's timeline."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Application prepared")
        FILED = "filed", _("Filed with the court")
        ACCEPTED = "accepted", _("Accepted by the court")
        CONFIRMED = "confirmed", _("Confirmed: agreement valid")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn by the parties")

    # Over: another application for the agreement may be made (while the window is open).
    ENDED = (Status.REFUSED, Status.WITHDRAWN)
    # With the court, waiting for its acceptance or its ruling.
    WITH_THE_COURT = (Status.FILED, Status.ACCEPTED)

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="court_applications")
    agreement = models.ForeignKey("cases.Agreement", on_delete=models.PROTECT, related_name="court_applications")
    text_sha256 = models.CharField(_("SHA-256 of the agreement"), max_length=64)
    court = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    court_name = models.CharField(_("court"), max_length=128)
    court_basis = models.CharField(_("why this court"), max_length=255)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREPARED)
    window_closes_on = models.DateField(_("last day to apply"))
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    court_case_number = models.CharField(_("court's case number"), max_length=64, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    ruling_number = models.CharField(_("ruling number"), max_length=64, blank=True)
    ruling_text = models.TextField(_("ruling"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["-prepared_at", "-id"]
        verbose_name = _("judicial confirmation application")
        verbose_name_plural = _("judicial confirmation applications")
        constraints = [
            # One application in play per agreement; after a refusal (or a withdrawal) the parties may amend and
            # apply again.
            models.UniqueConstraint(
                fields=["agreement"], condition=~Q(status__in=["refused", "withdrawn"]),
                name="agreements_one_live_application",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} {self.court_name} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PREPARED, self.Status.FILED, self.Status.ACCEPTED)


class NotarialRequest(models.Model):
    """A debt agreement handed to a notary office for a notarial deed with enforcement effect (赋予强制执行效力的
    债权文书公证, 公证法 art. 37), and the office's steps: accepted, then the certificate issued with its number or
    the request refused with the reason. An office on the platform records its steps itself (``notary``); for one
    off it, the case's mediators record what the office did."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted by the notary office")
        NOTARISED = "notarised", _("Notarised with enforcement effect")
        REFUSED = "refused", _("Refused by the notary")

    # With the notary office, waiting for its certificate or refusal.
    OPEN = (Status.REQUESTED, Status.ACCEPTED)

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="notarial_requests")
    agreement = models.ForeignKey("cases.Agreement", on_delete=models.PROTECT, related_name="notarial_requests")
    notary = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("notary office"), on_delete=models.PROTECT, related_name="+"
    )
    notary_name = models.CharField(_("notary office"), max_length=128)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("notarial enforcement request")
        verbose_name_plural = _("notarial enforcement requests")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"], condition=~Q(status="refused"), name="agreements_one_live_notarisation",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} {self.notary_name} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class WindowWarning(models.Model):
    """Warn the case's mediator and coordinators this many days before the window to apply for judicial
    confirmation closes (shipped: 7 and 2), while no application has been filed. Administrators add, change or
    switch them off; each fires once per agreement (the scheduler's ``window`` firings, stage = these days)."""

    days_before = models.PositiveSmallIntegerField(
        _("days before the window closes"), unique=True, validators=[MaxValueValidator(WINDOW_DAYS - 1)],
        help_text=_("0: on the last day."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-days_before"]
        verbose_name = _("judicial confirmation window warning")
        verbose_name_plural = _("judicial confirmation window warnings")

    def __str__(self):
        return _("%(days)s days before the window closes") % {"days": self.days_before}


class IntermediateCourtThreshold(models.Model):
    """From this amount in dispute a civil dispute belongs at first instance to the intermediate court (Civil
    Procedure Law art. 19 (3): the cases the Supreme People's Court assigns to it), and so does the judicial
    confirmation of the agreement that settles it (art. 205 (2)). Shipped from the SPC's notice 法发〔2021〕27号
    arts. 1 and 2; the SPC adjusts the amounts from time to time, and administrators follow here."""

    amount = models.DecimalField(_("amount in dispute from (yuan)"), max_digits=14, decimal_places=2)
    party_outside_province = models.BooleanField(
        _("when a party's domicile is outside the court's province"), default=False,
        help_text=_("Off: whatever the parties' domiciles. A party's domicile is read from the region of their "
                    "resident ID number or credit code."),
    )
    rule = models.CharField(_("rule"), max_length=255, help_text=_("Cited with the court's address."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["amount"]
        verbose_name = _("intermediate court threshold")
        verbose_name_plural = _("intermediate court thresholds")

    def __str__(self):
        return f"{self.amount} {self.rule}"
