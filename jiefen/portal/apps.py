from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public portal: a citizen brings a dispute, follows it with a tracking code, adds material, rates it."""

    name = "jiefen.portal"
    label = "portal"
    verbose_name = _("Public portal")
