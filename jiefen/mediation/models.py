"""Mediation work on a case after assignment: sessions planned ahead, what only one side of a back-to-back
session said, outside helpers of joint mediation, who attended a public one, and the case's evidence and
materials in versions.

A held session stays ``cases.MediationSession`` (the record of the ``record_session`` move); the rows here hang
off it or off the case. Nothing is deleted: private records, helpers, attendance and file versions are
append-only; a plan is called off, never removed.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import MediationSession
from jiefen.core.models import AppendOnly


class Side(models.TextChoices):
    """A side of the dispute: the party roles of ``cases.Party``."""

    APPLICANT = "applicant", _("Applicant's side")
    RESPONDENT = "respondent", _("Respondent's side")


class SessionPlan(models.Model):
    """A session scheduled ahead: when, how, where (or the video link), who is expected. The parties are told by
    text message and see it on the portal. It becomes ``held`` when the mediator records the session it planned,
    is called off with a reason, or is rescheduled: a new plan ``replaces`` it and it stays as it was, so the
    earlier time and place are never overwritten.

    ``number`` counts the plans of a case (1, 2, …): the scheduler's reminder of a plan is keyed by it."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Called off")
        RESCHEDULED = "rescheduled", _("Rescheduled")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="session_plans")
    number = models.PositiveSmallIntegerField(_("number within the case"), editable=False)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by",
        verbose_name=_("rescheduled from"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    mode = models.CharField(
        _("mode"), max_length=16, choices=MediationSession.Mode.choices, default=MediationSession.Mode.ON_SITE
    )
    # An online (video) session has its link; any other its place.
    place = models.CharField(_("place of the session"), max_length=255, blank=True)
    video_link = models.URLField(_("video link"), max_length=255, blank=True)
    participants = models.TextField(_("participants expected"))
    note = models.TextField(_("note to the parties"), blank=True, max_length=500)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    session = models.OneToOneField(
        MediationSession, null=True, blank=True, on_delete=models.PROTECT, related_name="plan",
        verbose_name=_("session held"),
    )
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_by_name = models.CharField(_("scheduled by"), max_length=150)
    scheduled_at = models.DateTimeField(auto_now_add=True)
    # Who called it off or rescheduled it, when and why.
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("why it was called off or rescheduled"), max_length=255, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        # (status, starts_at): the scheduler's pass reads the sessions starting soon, never the whole table.
        indexes = [models.Index(fields=["case", "status"]), models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="mediation_plan_number_once_per_case"),
        ]
        verbose_name = _("scheduled session")
        verbose_name_plural = _("scheduled sessions")

    def __str__(self):
        return f"{self.case_id} {self.starts_at:%Y-%m-%d %H:%M} {self.status}"

    def delete(self, *args, **kwargs):
        raise TypeError("Scheduled sessions are never deleted; call them off.")

    @property
    def is_online(self) -> bool:
        return self.mode == MediationSession.Mode.VIDEO

    @property
    def where(self) -> str:
        """The place, or the link of an online session: what a held session records as its place."""
        return self.video_link if self.is_online else self.place


class SessionReminder(models.Model):
    """How long before a scheduled session the parties (by text message) and the mediator (on their queue) are
    reminded of it: one row, which administrators edit (shipped: 24 hours, the day before)."""

    hours_before = models.PositiveSmallIntegerField(
        _("hours before the session"), default=24, validators=[MinValueValidator(1), MaxValueValidator(7 * 24)],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("session reminder")
        verbose_name_plural = _("session reminder")

    def __str__(self):
        return _("%(hours)s hours before a session") % {"hours": self.hours_before}

    @classmethod
    def lead(cls) -> datetime.timedelta | None:
        """How far ahead reminders go out, or None when they are switched off."""
        rule = cls.objects.order_by("pk").first()
        if rule is None or not rule.is_active:
            return None
        return datetime.timedelta(hours=rule.hours_before)


class Helper(AppendOnly):
    """An outside helper of joint mediation (联合调解) at a planned or held session: a lawyer, a people's deputy, a
    psychologist, a respected elder… by name and role."""

    class Role(models.TextChoices):
        LAWYER = "lawyer", _("Lawyer")
        DEPUTY = "deputy", _("People's congress deputy or CPPCC member")
        PSYCHOLOGIST = "psychologist", _("Psychological counsellor")
        ELDER = "elder", _("Respected local figure (乡贤)")
        EXPERT = "expert", _("Expert")
        OFFICIAL = "official", _("Official of a competent department")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(SessionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="helpers")
    session = models.ForeignKey(
        MediationSession, null=True, blank=True, on_delete=models.PROTECT, related_name="helpers"
    )
    name = models.CharField(_("name"), max_length=64)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    affiliation = models.CharField(_("unit"), max_length=128, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False) | models.Q(session__isnull=False),
                name="mediation_helper_of_a_plan_or_session",
            ),
        ]
        verbose_name = _("outside helper")
        verbose_name_plural = _("outside helpers")

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


class SideRecord(AppendOnly):
    """What one side said in a back-to-back session (背对背调解), heard without the other side. The other side never
    sees it: not on the portal, not in a document served on them; staff whose jurisdiction covers the case do."""

    session = models.ForeignKey(MediationSession, on_delete=models.PROTECT, related_name="side_records")
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    record = models.TextField(_("private record"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "side", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "side"], name="mediation_one_private_record_per_side"),
        ]
        verbose_name = _("private record of one side")
        verbose_name_plural = _("private records of one side")

    def __str__(self):
        return f"{self.session_id} {self.side}"


class Attendance(AppendOnly):
    """Who attended a public session (公开调解): the public, neighbours, village representatives, the press."""

    session = models.OneToOneField(MediationSession, on_delete=models.PROTECT, related_name="attendance")
    attendees = models.TextField(_("who attended"))
    headcount = models.PositiveIntegerField(_("people present"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance of a public session")
        verbose_name_plural = _("attendance of public sessions")

    def __str__(self):
        return f"{self.session_id}: {self.headcount or '—'}"


class Visibility(models.TextChoices):
    """Who on the parties' side may see a material; staff in jurisdiction see every one."""

    SHARED = "shared", _("Both sides")
    APPLICANT = "applicant", _("Applicant's side only")
    RESPONDENT = "respondent", _("Respondent's side only")
    STAFF = "staff", _("Staff only")


class Material(models.Model):
    """One piece of evidence or material of a case, in versions: a new version of it keeps every earlier one.
    Only its title may be read off it; what it holds is in ``MaterialVersion``."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", _("Evidence")
        MATERIAL = "material", _("Material")
        RECORD = "record", _("Signed record")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="materials")
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.EVIDENCE)
    visibility = models.CharField(_("who may see it"), max_length=12, choices=Visibility.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence or material")
        verbose_name_plural = _("evidence and materials")

    def __str__(self):
        return self.title

    def delete(self, *args, **kwargs):
        raise TypeError("Materials are never deleted.")

    def visible_to_sides(self, sides) -> bool:
        return self.visibility == Visibility.SHARED or self.visibility in sides


def material_path(instance, filename):
    # The stored name never carries the uploaded file's name (it may hold personal data); that is kept in a column.
    return f"cases/materials/{instance.material.case_id}/{instance.token}"


class MaterialVersion(AppendOnly):
    """One version of a material: the file, checked by content, with who added it, as whom, and when."""

    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=material_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("what changed"), max_length=255, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by_name = models.CharField(_("added by"), max_length=150)
    added_as = models.CharField(
        _("added as"), max_length=128, help_text=_("The organisation of a member of staff, or the party's side")
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["material", "number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="mediation_one_version_number_per_material"),
        ]
        verbose_name = _("version of a material")
        verbose_name_plural = _("versions of materials")

    def __str__(self):
        return f"{self.material} v{self.number}"
