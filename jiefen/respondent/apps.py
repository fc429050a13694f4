from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RespondentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jiefen.respondent"
    verbose_name = _("The respondent who does not answer")
