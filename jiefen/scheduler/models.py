"""What the deadline scheduler fires, and the data that says when.

``ReminderRule`` and ``EscalationStep`` are the timing, kept as data that administrators edit; ``Firing`` is one
reminder, overdue mark or escalation, written once (append-only) and unique per (case, kind, deadline, stage), so
that it fires exactly once however many workers run and however often a pass is repeated; ``NoticeSeen`` records
that a person on whose desk a firing is has read it (已阅). ``Cursor`` remembers the day through which the passes
have swept, so that a pass looks only at the deadlines that fell due since.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import AppendOnly


class ReminderRule(models.Model):
    """Remind the people handling a case when its deadline is this many working days away or fewer (0: on the
    last working day)."""

    working_days_before = models.PositiveSmallIntegerField(_("working days before the deadline"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-working_days_before"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")

    def __str__(self):
        return _("%(days)s working days before the deadline") % {"days": self.working_days_before}


class EscalationStep(models.Model):
    """The closed loop: once a case's deadline has passed by this many working days (0: the first day overdue)
    and the case is still unresolved, it goes to the attention of the coordinators ``stage`` levels above its
    handling organisation (stage 1: a village case to its township, stage 2: to its county)."""

    stage = models.PositiveSmallIntegerField(_("stage (levels up)"), unique=True)
    working_days_overdue = models.PositiveSmallIntegerField(_("working days after the deadline"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["stage"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")

    def __str__(self):
        return _("stage %(stage)s: %(days)s working days after the deadline") % {
            "stage": self.stage, "days": self.working_days_overdue,
        }

    def clean(self):
        if self.stage == 0:
            raise ValidationError({"stage": _("Stage 1 is the level just above the handling organisation.")})
        days = self.working_days_overdue
        earlier = EscalationStep.objects.filter(stage__lt=self.stage, working_days_overdue__gt=days)
        later = EscalationStep.objects.filter(stage__gt=self.stage, working_days_overdue__lt=days)
        if earlier.exclude(pk=self.pk).exists() or later.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"working_days_overdue": _("A higher stage cannot come before a lower one.")}
            )


class Firing(AppendOnly):
    """One reminder, overdue mark or escalation of one case's deadline, addressed to an organisation: its
    mediators and coordinators for a reminder or an overdue mark, the coordinators of the level above for an
    escalation. Never changed or deleted; a new deadline (an extension, a new assignment) fires anew."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Deadline reminder")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalated for attention")
        # The 30-day window to apply for judicial confirmation of an agreement is closing (jiefen.agreements):
        # deadline is its last day, stage the days left when warned (7, then 2).
        CONFIRMATION_WINDOW = "window", _("Judicial confirmation window closing")
        # A step of the contact clock of a respondent who has not answered (jiefen.respondent): deadline is the day
        # the clock started, stage the step's working days after it.
        RESPONDENT = "respondent", _("Respondent has not answered")
        # A follow-up visit after closure is due (jiefen.followups): deadline is its due day, stage the days after
        # closure.
        FOLLOW_UP = "followup", _("Follow-up visit due")
        # A scheduled mediation session is near (jiefen.mediation): deadline is the session's day, stage the plan's
        # number within its case.
        SESSION = "session", _("Mediation session reminder")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="deadline_firings")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    deadline = models.DateField(_("deadline"))
    # Reminder: working days before the deadline; overdue: 0; escalation: the stage (levels up).
    stage = models.PositiveSmallIntegerField(_("stage"))
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("for the attention of"), on_delete=models.PROTECT,
        related_name="deadline_firings",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    fired_at = models.DateTimeField(_("fired at"))

    class Meta:
        ordering = ["-fired_at", "-id"]
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "deadline", "stage"], name="scheduler_fires_once"),
        ]
        indexes = [models.Index(fields=["organisation", "kind", "fired_at"])]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.deadline} {self.stage}"


class NoticeSeen(AppendOnly):
    """One person has read one notice on their desk (已阅): it leaves their panel, not anyone else's; once each."""

    firing = models.ForeignKey(Firing, on_delete=models.PROTECT, related_name="seen_by")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seen_at = models.DateTimeField(_("seen at"), auto_now_add=True)

    class Meta:
        ordering = ["seen_at", "id"]
        verbose_name = _("deadline notice marked seen")
        verbose_name_plural = _("deadline notices marked seen")
        constraints = [models.UniqueConstraint(fields=["firing", "user"], name="scheduler_notice_seen_once")]

    def __str__(self):
        return f"{self.firing} · {self.user_id}"


class Cursor(models.Model):
    """How far the passes have swept: every overdue mark and escalation due on or before ``swept_through`` has
    been fired. One row per named sweep; it only moves forward."""

    name = models.CharField(max_length=32, unique=True)
    swept_through = models.DateField(null=True, blank=True)
    last_pass_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scheduler cursor")
        verbose_name_plural = _("scheduler cursors")

    def __str__(self):
        return f"{self.name}: {self.swept_through}"
