from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "jiefen.followups"
    verbose_name = _("Follow-up and performance")
