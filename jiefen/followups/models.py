"""After closure: follow-up visits (回访) and the performance of agreements.

An app of its own rather than part of ``agreements``: ``agreements`` makes an agreement enforceable (the parties'
confirmations, the court and the notary), this app checks afterwards that the result holds — visits on a plan,
the agreement's schedule of performance and what a party reports as not performed — and calls ``agreements`` (the
judicial confirmation application) when it must. Rows change only through ``jiefen.followups.services``.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import AppendOnly
from jiefen.core.taxonomy import Category, Risk


def parse_days(text: str) -> list[int]:
    """``"7, 30,90"`` → ``[7, 30, 90]``: days after closure, each 1–730, sorted, without repeats."""
    try:
        days = sorted({int(part) for part in str(text).replace("，", ",").split(",") if part.strip()})
    except ValueError:
        raise ValidationError(_("Enter whole numbers of days separated by commas, e.g. 7,30,90.")) from None
    if not days or days[0] < 1 or days[-1] > 730:
        raise ValidationError(_("Enter between one and several numbers of days from 1 to 730."))
    return days


class FollowUpPlan(models.Model):
    """When to visit after closure, by category and risk colour (blank: any). The most specific active plan
    applies: category and risk, then category, then risk, then the default plan."""

    category = models.CharField(_("category"), max_length=8, choices=Category.choices, blank=True)
    risk = models.CharField(_("risk"), max_length=2, choices=Risk.choices, blank=True)
    days = models.CharField(
        _("days after closure"), max_length=64, validators=[parse_days],
        help_text=_("Comma-separated, e.g. 7,30,90."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "risk"]
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")
        constraints = [models.UniqueConstraint(fields=["category", "risk"], name="followups_one_plan_per_kind")]

    def __str__(self):
        return f"{self.category or '*'} / {self.risk or '*'}: {self.days}"

    def offsets(self) -> list[int]:
        return parse_days(self.days)


class FollowUp(models.Model):
    """One visit due after a closure (or a termination): ``days_after`` days after it. A case closed again after
    reopening gets a new set (``closed_version``)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="follow_ups")
    closed_version = models.PositiveIntegerField()
    closed_on = models.DateField(_("closed on"))
    days_after = models.PositiveSmallIntegerField(_("days after closure"))
    due_on = models.DateField(_("due on"), db_index=True)
    plan = models.ForeignKey(FollowUpPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up visit due")
        verbose_name_plural = _("follow-up visits due")
        constraints = [
            models.UniqueConstraint(fields=["case", "closed_version", "days_after"], name="followups_once_per_day"),
        ]

    def __str__(self):
        return f"{self.case_id} +{self.days_after} {self.due_on}"


class Keeping(models.TextChoices):
    YES = "yes", _("Being kept")
    PARTLY = "partly", _("Partly kept")
    NO = "no", _("Not kept")
    NONE = "none", _("No agreement to keep")


class Visit(AppendOnly):
    """A follow-up done (回访记录): how, by whom, when, what the party said."""

    class Method(models.TextChoices):
        PHONE = "phone", _("By phone")
        HOME = "home", _("Home visit")
        PORTAL = "portal", _("On the portal")

    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="visits")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("how"), max_length=8, choices=Method.choices)
    party = models.ForeignKey("cases.Party", verbose_name=_("party"), on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    keeping = models.CharField(_("is the agreement being kept"), max_length=8, choices=Keeping.choices)
    renewed_dispute = models.BooleanField(_("the dispute has flared up again"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(_("by"), max_length=150)
    organisation_name = models.CharField(_("organisation"), max_length=128, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")

    def __str__(self):
        return f"{self.case_id} {self.method} {self.at:%Y-%m-%d}"

    @property
    def calls_for_decision(self) -> bool:
        return self.keeping in (Keeping.NO, Keeping.PARTLY) or self.renewed_dispute


class Recurrence(AppendOnly):
    """The staff's answer to a broken agreement or a renewed dispute found at a visit: reopen the case, or open a
    new case linked to it."""

    class Action(models.TextChoices):
        REOPEN = "reopen", _("Reopen the case")
        LINKED = "linked", _("Open a linked new case")

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="recurrence")
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    new_case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=255)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recurrence")
        verbose_name_plural = _("recurrences")

    def __str__(self):
        return f"{self.visit_id} {self.action}"


@dataclass(frozen=True)
class Terms:
    what: str
    amount: Decimal | None
    due_on: date


class PerformanceItem(AppendOnly):
    """One item of an agreement's schedule of performance: who does what for whom, how much, by when. Entered by
    staff, never parsed from the agreement's text. Its terms as first entered stay on the row; a correction is an
    ``ItemCorrection`` and the latest one holds (``terms``)."""

    agreement = models.ForeignKey("cases.Agreement", on_delete=models.PROTECT, related_name="performance_items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="performance_items")
    what = models.CharField(_("what"), max_length=255)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    due_on = models.DateField(_("by"))
    obligor = models.ForeignKey("cases.Party", verbose_name=_("who performs"), on_delete=models.PROTECT,
                                related_name="+")
    obligee = models.ForeignKey("cases.Party", verbose_name=_("party owed"), on_delete=models.PROTECT,
                                related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("performance item")
        verbose_name_plural = _("performance items")

    def __str__(self):
        return f"{self.what} {self.due_on}"

    @property
    def terms(self) -> Terms:
        """What, how much and by when as they stand: the latest correction's, else as entered (prefetch
        ``corrections`` when reading many)."""
        corrections = list(self.corrections.all())
        source = max(corrections, key=lambda c: (c.at, c.pk)) if corrections else self
        return Terms(source.what, source.amount, source.due_on)


class ItemCorrection(AppendOnly):
    """The terms of an item corrected by staff (a wrong amount, day or description), with the reason. The earlier
    terms stay: on the item as first entered, and in the corrections before this one."""

    item = models.ForeignKey(PerformanceItem, on_delete=models.PROTECT, related_name="corrections")
    what = models.CharField(_("what"), max_length=255)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    due_on = models.DateField(_("by"))
    reason = models.CharField(_("reason"), max_length=255)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("correction of a performance item")
        verbose_name_plural = _("corrections of performance items")

    def __str__(self):
        return f"{self.item_id} {self.at:%Y-%m-%d}"


class ScheduleChange(models.TextChoices):
    """What a ``performance`` note on the timeline records of the schedule itself (marks and applications have
    their own statuses)."""

    SCHEDULED = "scheduled", _("Scheduled")
    CORRECTED = "corrected", _("Item corrected")
    MARK_WITHDRAWN = "mark_withdrawn", _("Report of non-performance withdrawn")


class EnforcementApplication(models.Model):
    """The party owed's application to the court for compulsory enforcement (申请执行书) of an agreement the court
    confirmed, prepared when an item is marked not performed, and what the court did with it: filed, accepted
    (立案, with its 执字 number), then enforced in full (执行完毕) or closed without full enforcement (not accepted,
    终结执行, 终结本次执行程序: the outcome says which and why)."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Application prepared")
        FILED = "filed", _("Filed with the court")
        ACCEPTED = "accepted", _("Accepted by the court")
        ENFORCED = "enforced", _("Enforced in full")
        CLOSED = "closed", _("Closed without full enforcement")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="enforcement_applications")
    court_application = models.ForeignKey("agreements.CourtApplication", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(PerformanceItem, on_delete=models.PROTECT, related_name="enforcement_applications")
    applicant = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    respondent = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    court_name = models.CharField(_("court"), max_length=128)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREPARED)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    court_case_number = models.CharField(_("court's case number"), max_length=64, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-prepared_at", "-id"]
        verbose_name = _("enforcement application")
        verbose_name_plural = _("enforcement applications")
        constraints = [models.UniqueConstraint(fields=["item"], name="followups_one_enforcement_per_item")]

    def __str__(self):
        return f"{self.case_id} {self.court_name}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PREPARED, self.Status.FILED, self.Status.ACCEPTED)


class PerformanceMark(AppendOnly):
    """What became of an item: performed (on which day) or not performed, marked by the party owed on the portal
    or by staff (at a visit), with what followed: the judicial confirmation application or the enforcement
    application prepared from it."""

    class Status(models.TextChoices):
        PERFORMED = "performed", _("Performed")
        NOT_PERFORMED = "not_performed", _("Not performed")

    class Via(models.TextChoices):
        PORTAL = "portal", _("By the party on the portal")
        STAFF = "staff", _("By staff")

    item = models.ForeignKey(PerformanceItem, on_delete=models.PROTECT, related_name="marks")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    performed_on = models.DateField(_("performed on"), null=True, blank=True)
    via = models.CharField(_("marked"), max_length=8, choices=Via.choices)
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=255, blank=True)
    court_application = models.ForeignKey("agreements.CourtApplication", on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+")
    enforcement_application = models.ForeignKey(EnforcementApplication, on_delete=models.PROTECT, null=True,
                                                blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("performance mark")
        verbose_name_plural = _("performance marks")

    def __str__(self):
        return f"{self.item_id} {self.status}"


class MarkWithdrawal(AppendOnly):
    """A "not performed" mark made by mistake, withdrawn with the reason: the mark stays on the record but no longer
    counts (the item's status is the latest mark not withdrawn)."""

    mark = models.OneToOneField(PerformanceMark, on_delete=models.PROTECT, related_name="withdrawal")
    reason = models.CharField(_("reason"), max_length=255)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("withdrawn report of non-performance")
        verbose_name_plural = _("withdrawn reports of non-performance")

    def __str__(self):
        return f"{self.mark_id} {self.at:%Y-%m-%d}"
