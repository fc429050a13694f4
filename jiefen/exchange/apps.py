from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Referrals from courts, petition offices, police, procuratorates and other platforms, and the signed webhooks
    that tell each sender how its disputes move."""

    name = "jiefen.exchange"
    label = "exchange"
    verbose_name = _("Referrals and webhooks")
