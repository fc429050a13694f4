from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "jiefen.mediation"
    verbose_name = _("Mediation work")
