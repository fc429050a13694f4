from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    """The staff web UI: login, work queues, the case list, window registration and the case page."""

    name = "jiefen.workbench"
    label = "workbench"
    verbose_name = _("Staff workbench")
