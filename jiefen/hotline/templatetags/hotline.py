"""Display helpers of the hotline screens, and the test the workbench's navigation uses to offer the desk."""

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from jiefen.hotline.models import Urgency
from jiefen.hotline.models import takes_calls as _takes_calls
from jiefen.workbench.templatetags.workbench import labelled_items

register = template.Library()


@register.filter
def takes_calls(staff) -> bool:
    """Whether this post sits the hotline seat, so the navigation offers the desk only to those who do."""
    return _takes_calls(staff)


def _datetime(value):
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return value
    return formats.date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "Y-m-d H:i")


def _urgency(value):
    try:
        return Urgency(value).label
    except ValueError:
        return value


# What each payload key of a work order event means, and how its value reads.
PAYLOAD = {
    "urgency": (_("Urgency"), _urgency),
    "due_at": (_("Call back by"), _datetime),
    "case": (_("Case number"), str),
}
HIDDEN_PAYLOAD = {"number"}  # already in the page header


@register.filter
def order_payload(payload: dict) -> list[tuple[str, str]]:
    return labelled_items(payload, PAYLOAD, HIDDEN_PAYLOAD)
