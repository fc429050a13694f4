"""The 12348 hotline seat: work orders (工单) taken while the caller talks, their events, and the duty roster.

Seed 000 §四(一)1 asks for a dedicated non-litigation seat on the 12348 public legal service hotline, staffed 24
hours a day (群众热线求助24小时专员接案), and for work orders so that every call is dealt with (办理工单, 接诉即办).
What changes these rows is in ``jiefen.hotline.services``; this module only describes them.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.core.masking import mask_middle, mask_phone
from jiefen.core.models import AppendOnly
from jiefen.core.pii import EncryptedTextField, digest
from jiefen.core.validators import validate_phone
from jiefen.orgs.models import Post, ScopedQuerySet

# The posts that sit the hotline seat and act on work orders: the intake post, and coordinators who stand in.
CALL_TAKING_POSTS = {Post.INTAKE, Post.COORDINATION}
# A shift longer than this is a typing mistake rather than a plan.
LONGEST_SHIFT = datetime.timedelta(hours=24)


def takes_calls(staff) -> bool:
    return staff is not None and staff.post in CALL_TAKING_POSTS


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    PRESSING = "pressing", _("Pressing")
    NORMAL = "normal", _("Normal")


# Lower first: the desk lists urgent calls before pressing ones, and those before the rest.
URGENCY_RANK = {Urgency.URGENT: 0, Urgency.PRESSING: 1, Urgency.NORMAL: 2}


class State(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered as a consultation")
    CONVERTED = "converted", _("Turned into a case")
    CLOSED = "closed", pgettext_lazy("work order", "Closed")


class Action(models.TextChoices):
    TAKE = "take", _("Call taken")
    ANSWER = "answer", _("Answered as a consultation")
    CONVERT = "convert", _("Turned into a case")
    CLOSE = "close", _("Work order closed")
    SCHEDULE_CALLBACK = "schedule_callback", _("Callback scheduled")
    RECORD_CALLBACK = "record_callback", _("Callback made")
    SHOW_NUMBER = "show_number", _("Callback number shown in full")


class WorkOrderQuerySet(ScopedQuerySet):
    scope_field = "organisation"

    def open(self):
        return self.filter(state=State.OPEN)

    def callback_pending(self):
        return self.filter(callback_due_at__isnull=False, callback_done_at__isnull=True)

    def on_the_desk(self):
        """What still needs the seat: open work orders, and any work order whose callback is not made yet."""
        return self.filter(
            Q(state=State.OPEN) | Q(callback_due_at__isnull=False, callback_done_at__isnull=True)
        )

    def urgent_first(self):
        rank = models.Case(
            *(models.When(urgency=urgency, then=models.Value(rank)) for urgency, rank in URGENCY_RANK.items()),
            default=models.Value(len(URGENCY_RANK)),
            output_field=models.IntegerField(),
        )
        return self.annotate(urgency_rank=rank).order_by("urgency_rank", "received_at", "id")


class WorkOrder(models.Model):
    """One call to the hotline seat, from the moment it is taken until it is answered, becomes a case or closes."""

    number = models.CharField(_("work order number"), max_length=40, unique=True, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="work_orders"
    )
    caller_name = models.CharField(_("caller"), max_length=64)
    # Encrypted at rest like a party's phone (Personal Information Protection Law); the digest finds earlier calls
    # from the same number, and cases whose parties gave it, without decrypting anything.
    callback_number = EncryptedTextField(
        _("callback number"), validators=[MaxLengthValidator(20), validate_phone]
    )
    callback_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    summary = models.TextField(_("what the caller says"), validators=[MaxLengthValidator(1000)])
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken by"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("consultation answer"), blank=True)
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="work_order",
    )
    callback_due_at = models.DateTimeField(_("callback due at"), null=True, blank=True)
    callback_done_at = models.DateTimeField(_("callback made at"), null=True, blank=True)
    callback_note = models.TextField(_("callback note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Bumped by every change: a change made on a stale copy fails instead of overwriting a newer one.
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["callback_due_at"]),
            models.Index(fields=["received_at"]),
        ]

    def __str__(self):
        return f"{self.number} {self.summary[:30]}"

    def clean(self):
        self.callback_number = (self.callback_number or "").strip()
        for name, value in self.personal_data_digests().items():
            setattr(self, name, value)

    def personal_data_digests(self) -> dict[str, str]:
        return {"callback_digest": digest(self.callback_number)}

    @property
    def masked_callback_number(self) -> str:
        return mask_phone(self.callback_number)

    @property
    def masked_caller_name(self) -> str:
        return mask_middle(self.caller_name, 1, 0)

    @property
    def callback_pending(self) -> bool:
        return self.callback_due_at is not None and self.callback_done_at is None

    @property
    def callback_overdue(self) -> bool:
        return self.callback_pending and self.callback_due_at < timezone.now()


class WorkOrderEvent(AppendOnly):
    """One line of a work order's history: who did what, when, from which state to which, with what note."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("by"), max_length=150)
    actor_organisation = models.CharField(_("organisation"), max_length=128, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("work order event")
        verbose_name_plural = _("work order events")

    def __str__(self):
        return f"{self.work_order.number} {self.action} {self.from_state}→{self.to_state}"


class DutyShiftQuerySet(ScopedQuerySet):
    scope_field = "organisation"

    def planned(self):
        return self.filter(cancelled=False)

    def overlapping(self, start: datetime.datetime, end: datetime.datetime):
        return self.filter(starts_at__lt=end, ends_at__gt=start)


class DutyShift(models.Model):
    """A staff member on the hotline seat of their centre from ``starts_at`` to ``ends_at``.

    Shifts are never deleted: one that will not happen is marked cancelled, with who cancelled it and when; who
    planned it is kept too, and the admin's log keeps each edit made there.
    """

    staff = models.ForeignKey(
        "orgs.Staff", verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    seat = models.CharField(_("seat"), max_length=32, help_text=_("e.g. 12348 seat 1"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    planned_at = models.DateTimeField(_("planned at"), auto_now_add=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)

    objects = DutyShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "seat", "id"]
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        indexes = [models.Index(fields=["organisation", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_it_starts"),
        ]

    def __str__(self):
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"{self.staff_name} · {self.seat} · {start:%Y-%m-%d %H:%M}–{end:%H:%M}"

    @property
    def staff_name(self) -> str:
        user = self.staff.user
        return user.get_full_name() or user.get_username()

    def clean(self):
        """The rules of a shift, for the admin and the services alike."""
        errors: dict[str, list] = {}
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors.setdefault("ends_at", []).append(_("A shift must end after it starts."))
            elif self.ends_at - self.starts_at > LONGEST_SHIFT:
                errors.setdefault("ends_at", []).append(_("A shift lasts at most 24 hours."))
        staff = self.staff if self.staff_id else None
        if staff is not None:
            if not takes_calls(staff):
                errors.setdefault("staff", []).append(
                    _("Only staff of the intake or coordination post sit the hotline seat.")
                )
            if self.organisation_id and staff.organisation_id != self.organisation_id:
                errors.setdefault("staff", []).append(_("The staff member must belong to this centre."))
        if not errors and not self.cancelled and staff is not None and self.organisation_id:
            others = DutyShift.objects.planned().overlapping(self.starts_at, self.ends_at).exclude(pk=self.pk)
            if others.filter(staff=staff).exists():
                errors.setdefault("starts_at", []).append(_("This person is already on another shift at that time."))
            if others.filter(organisation_id=self.organisation_id, seat=self.seat).exists():
                errors.setdefault("seat", []).append(_("Someone else already sits this seat at that time."))
        if errors:
            raise ValidationError(errors)
