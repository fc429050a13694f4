from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    """The 12348 hotline seat: work orders taken while the caller talks, callbacks, and the duty roster."""

    name = "jiefen.hotline"
    label = "hotline"
    verbose_name = _("12348 hotline")
