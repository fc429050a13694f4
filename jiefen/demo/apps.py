from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo city: Lianyungang's network, staff and cases, loaded by ``manage.py load_demo``. No models."""

    name = "jiefen.demo"
    label = "demo"
    verbose_name = _("Demo data")
