from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    """The deadline scheduler: reminders before a case's deadline, overdue marks, and the three-level closed loop
    that raises an overdue case to the attention of the levels above (village → township → county)."""

    name = "jiefen.scheduler"
    label = "scheduler"
    verbose_name = _("Deadlines and escalation")
