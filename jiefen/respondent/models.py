"""The other side who does not answer (issue 6): the clock that escalates the contact with a respondent.

``ContactStep`` is the timing, as data administrators edit (day 0 a text message with the link to the one-time
notice, +2 working days a call by the mediator, +5 a home visit by the grid worker of the respondent's place, +8 a
formal written notice to print and serve). ``RespondentClock`` is one case's clock: started when the case is first
assigned, stopped (``answered_at``) as soon as a respondent reads a notice on the portal or staff record an answer
or contact. Each step fires once, through the scheduler (``scheduler.Firing`` of kind ``respondent``, deadline the
clock's start, stage the step's working days). ``RespondentContact`` is every attempt or answer staff record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.core.models import AppendOnly


class Action(models.TextChoices):
    SMS = "sms", _("Text message with the notice's link")
    CALL = "call", _("Call by the mediator")
    VISIT = "visit", _("Home visit by the grid worker")
    WRITTEN = "written", _("Formal written notice")


class ContactStep(models.Model):
    working_days = models.PositiveSmallIntegerField(_("working days after the clock starts"), unique=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["working_days"]
        verbose_name = _("respondent contact step")
        verbose_name_plural = _("respondent contact steps")

    def __str__(self):
        return f"+{self.working_days}: {self.get_action_display()}"


class RespondentClock(models.Model):
    """One case's clock of contact with its respondents. Only ``answered_at``/``answered_how`` are ever added."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="respondent_clock")
    started_on = models.DateField(_("started on"))
    started_at = models.DateTimeField(_("started at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_how = models.CharField(_("answered by way of"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("respondent clock")
        verbose_name_plural = _("respondent clocks")
        indexes = [models.Index(fields=["answered_at", "started_on"])]

    def __str__(self):
        return f"{self.case_id} {self.started_on} {'answered' if self.answered_at else 'waiting'}"


class RespondentContact(AppendOnly):
    """A contact with a respondent that staff record: an answer (which stops the clock), a refusal (which stops it
    too: the mediator then records the outcome), or an attempt that reached nobody."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered; will take part")
        REFUSED = "refused", _("Answered; refuses mediation")
        NO_ANSWER = "no_answer", _("Not reached")

    class How(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Home visit")
        WINDOW = "window", _("At the window")
        WRITTEN = "written", _("Written notice")
        PORTAL = "portal", pgettext_lazy("contact", "On the portal")
        SESSION = "session", _("Took part in a mediation session")

    STOPS = (Outcome.ANSWERED, Outcome.REFUSED)

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="respondent_contacts")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    how = models.CharField(_("by way of"), max_length=8, choices=How.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_name = models.CharField(_("recorded by"), max_length=150)
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("contact with a respondent")
        verbose_name_plural = _("contacts with respondents")

    def __str__(self):
        return f"{self.case_id} {self.party_id} {self.outcome}"
