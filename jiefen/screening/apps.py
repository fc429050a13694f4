from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    """Prevention screening: disputes and hidden risks reported from the field by grid workers and informants."""

    name = "jiefen.screening"
    label = "screening"
    verbose_name = _("Screening and field reports")
