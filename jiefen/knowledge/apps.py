from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """The service catalogue (服务清单) and the texts of the laws it cites."""

    name = "jiefen.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
