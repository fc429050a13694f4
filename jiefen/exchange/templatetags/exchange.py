from django import template

from jiefen.exchange.models import REFERRAL_CHANNELS, Referral
from jiefen.exchange.services import may_read_deliveries

register = template.Library()


@register.inclusion_tag("exchange/partials/referred_by.html", takes_context=True)
def referred_by(context, case):
    """Who referred the case, for its workbench page, with the way to what that sender was told."""
    referral = None
    if case.channel in REFERRAL_CHANNELS:  # only referrals have a sender: other cases' pages cost no query
        referral = Referral.objects.select_related("sender").filter(case=case).first()
    return {
        "case": case, "referral": referral,
        "show_log": referral is not None and may_read_deliveries(context["request"].user),
    }
