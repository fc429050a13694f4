"""What triage stores: the system's proposals, the red alerts they raise (and who took note of them), and the staff's
decisions on them.

(The directory ``models/`` beside this module holds the trained classifier's artefacts, not Django models.)
All are append-only: a new proposal or decision is a new row, and the earlier ones stay on record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.models import AppendOnly
from jiefen.core.taxonomy import Category, Complexity, Field, Level, Method, Risk

# The values a proposal makes and a decision chooses: compared field by field to learn from staff.
DECIDED_FIELDS = ("category", "field", "complexity", "risk", "method")


class Proposal(AppendOnly):
    """The system's proposal for a case, with everything that drove it (``reasons``)."""

    class Trigger(models.TextChoices):
        REGISTRATION = "registration", _("On registration")
        ON_DEMAND = "on_demand", _("On demand")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="proposals")
    trigger = models.CharField(_("made"), max_length=16, choices=Trigger.choices)
    model_version = models.CharField(_("model version"), max_length=64)
    category = models.CharField(_("category"), max_length=8, choices=Category.choices)
    category_probability = models.FloatField(_("category probability"))
    field = models.CharField(_("field"), max_length=4, choices=Field.choices)
    complexity = models.CharField(_("complexity"), max_length=4, choices=Complexity.choices)
    risk = models.CharField(_("risk"), max_length=2, choices=Risk.choices)
    risk_signals = models.JSONField(_("risk signals"), default=list, blank=True)
    method = models.CharField(_("method"), max_length=32, choices=Method.choices)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, blank=True)
    mediator = models.ForeignKey(
        "orgs.Mediator", verbose_name=_("mediator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_basis = models.CharField(_("legal basis of the deadline"), max_length=200, blank=True)
    statutes = models.JSONField(_("statutes"), default=list, blank=True)
    similar_cases = models.JSONField(_("similar cases"), default=list, blank=True)
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("triage proposal")
        verbose_name_plural = _("triage proposals")

    def __str__(self):
        return f"{self.case.number} {self.category}/{self.complexity}/{self.risk}"

    def values(self) -> dict:
        return {name: getattr(self, name) for name in DECIDED_FIELDS}


class Alert(AppendOnly):
    """A red proposal's alert to the coordinator and the assessor of the case's organisation."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="risk_alerts")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="alerts")
    risk = models.CharField(_("risk"), max_length=2, choices=Risk.choices)
    signals = models.JSONField(_("signals"), default=list)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("risk alert")
        verbose_name_plural = _("risk alerts")

    def __str__(self):
        return f"{self.case.number} {self.risk}"


class AlertRecipient(AppendOnly):
    """One person an alert went to, with their post as it was then."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risk_alerts")
    name = models.CharField(_("name"), max_length=150)
    post = models.CharField(_("post"), max_length=16)
    organisation = models.CharField(_("organisation"), max_length=128)

    class Meta:
        ordering = ["alert", "id"]
        verbose_name = _("alert recipient")
        verbose_name_plural = _("alert recipients")

    def __str__(self):
        return f"{self.name} · {self.alert}"


class AlertAcknowledgement(AppendOnly):
    """A recipient has taken note of the alert (知悉): it leaves their queue; once per recipient."""

    recipient = models.OneToOneField(AlertRecipient, on_delete=models.PROTECT, related_name="acknowledgement")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        ordering = ["acknowledged_at", "id"]
        verbose_name = _("alert acknowledgement")
        verbose_name_plural = _("alert acknowledgements")

    def __str__(self):
        return f"{self.recipient} · {self.acknowledged_at:%Y-%m-%d %H:%M}"


class TriageDecision(AppendOnly):
    """What staff chose at the triage move, against the proposal it answered: the material of retraining."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="triage_decisions")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    model_version = models.CharField(_("model version"), max_length=64, blank=True)
    text = models.TextField(_("text classified"))
    category = models.CharField(_("category"), max_length=8, choices=Category.choices)
    field = models.CharField(_("field"), max_length=4, choices=Field.choices)
    complexity = models.CharField(_("complexity"), max_length=4, choices=Complexity.choices)
    risk = models.CharField(_("risk"), max_length=2, choices=Risk.choices, blank=True)
    method = models.CharField(_("method"), max_length=32, choices=Method.choices, blank=True)
    differs = models.JSONField(_("fields changed from the proposal"), default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("triage decision")
        verbose_name_plural = _("triage decisions")

    def __str__(self):
        return f"{self.case.number} {self.category} ({', '.join(self.differs) or 'accepted'})"

    @property
    def accepted(self) -> bool:
        return self.proposal_id is not None and not self.differs
