"""Putting the schedule of performance right without rewriting it: an item's terms corrected (what, how much, by
when) with the reason, the earlier terms kept (``ItemCorrection``, append-only); a "not performed" mark made by
mistake withdrawn with the reason (``MarkWithdrawal``): it stays on the record and no longer counts. Each is a
``performance`` note on the timeline.

Staff of the case correct items; the party owed on the portal, or staff, withdraw a report. Neither is possible once
the application for enforcement of the item is with the court: the court's procedure governs from then on.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.services import name_on_case, note_on_case
from jiefen.cases.workflow import PERFORMANCE
from jiefen.followups.models import (
    EnforcementApplication,
    ItemCorrection,
    MarkWithdrawal,
    PerformanceItem,
    PerformanceMark,
    ScheduleChange,
    Terms,
)
from jiefen.followups.services import citizen_item, describe, staff_case
from jiefen.orgs.jurisdiction import staff_of


def with_the_court(item: PerformanceItem) -> bool:
    """Whether the application for enforcement of ``item`` has been filed."""
    return EnforcementApplication.objects.filter(item=item).exclude(
        status=EnforcementApplication.Status.PREPARED
    ).exists()


def _not_with_the_court(item: PerformanceItem, field: str) -> None:
    if with_the_court(item):
        raise ValidationError({field: [_(
            "The application for enforcement of this item is with the court: record the court's steps instead."
        )]})


def correct_item(item: PerformanceItem, actor, *, what: str, due_on: datetime.date | None,
                 amount: Decimal | None, reason: str) -> ItemCorrection:
    """New terms for ``item``, for staff of the case, with the reason; the earlier terms stay."""
    case = staff_case(actor, item.case)
    current = case.current_agreement()
    if current is None or current.pk != item.agreement_id:
        raise ValidationError({"item": [_("The agreement has been replaced by a revised one.")]})
    errors = {}
    if not what.strip():
        errors["what"] = [_("Say what is to be done.")]
    if amount is not None and amount <= 0:
        errors["amount"] = [_("Enter an amount above zero, or leave it empty.")]
    if due_on is None:
        errors["due_on"] = [_("Enter the day by which it is due.")]
    if not reason.strip():
        errors["reason"] = [_("Say why the item is corrected.")]
    if errors:
        raise ValidationError(errors)
    before = item.terms
    after = Terms(what.strip()[:255], amount, due_on)
    if after == before:
        raise ValidationError({"what": [_("Nothing was changed.")]})
    _not_with_the_court(item, "item")
    with transaction.atomic():
        correction = ItemCorrection.objects.create(
            item=item, what=after.what, amount=after.amount, due_on=after.due_on, reason=reason.strip()[:255],
            by=actor, by_name=name_on_case(actor, case),
        )
        note_on_case(case, PERFORMANCE, actor=actor, reason=_(
            "Performance item corrected: %(before)s, by %(before_date)s → %(after)s, by %(after_date)s. "
            "Reason: %(reason)s"
        ) % {"before": describe(before), "before_date": before.due_on.isoformat(), "after": describe(after),
             "after_date": after.due_on.isoformat(), "reason": correction.reason}, payload={
            "item": item.pk, "status": ScheduleChange.CORRECTED, "due_on": after.due_on.isoformat(),
            "amount": str(after.amount) if after.amount is not None else None,
        })
    return correction


def withdraw_mark(mark: PerformanceMark, actor, *, reason: str) -> MarkWithdrawal:
    """Withdraw a "not performed" mark made by mistake: staff of the case, or the citizen the item is owed to."""
    item = mark.item
    if staff_of(actor) is None:
        item = citizen_item(actor, item.pk)
    else:
        staff_case(actor, item.case)
    if mark.status != PerformanceMark.Status.NOT_PERFORMED:
        raise PermissionDenied(_("Only a report that an item was not performed can be withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the report is withdrawn.")]})
    _not_with_the_court(item, "mark")
    try:
        with transaction.atomic():
            withdrawal = MarkWithdrawal.objects.create(mark=mark, reason=reason.strip()[:255], by=actor,
                                                       by_name=name_on_case(actor, item.case))
            note_on_case(item.case, PERFORMANCE, actor=actor, reason=_(
                "The report that “%(what)s” was not performed (%(by)s, %(date)s) is withdrawn: %(reason)s"
            ) % {"what": describe(item.terms), "by": mark.by_name, "date": timezone.localdate(mark.at).isoformat(),
                 "reason": withdrawal.reason}, payload={"item": item.pk, "status": ScheduleChange.MARK_WITHDRAWN})
    except IntegrityError:
        raise ValidationError({"mark": [_("This report has already been withdrawn.")]}) from None
    return withdrawal


def withdrawable(item: PerformanceItem, mark: PerformanceMark | None) -> bool:
    """Whether ``mark`` (the item's latest) is a report of non-performance that may still be withdrawn."""
    return mark is not None and mark.status == PerformanceMark.Status.NOT_PERFORMED and not with_the_court(item)
