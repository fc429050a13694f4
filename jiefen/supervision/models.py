"""Supervision of cases handled elsewhere (督办), the coordinator's termination review (终结评估) and the assessor's
grading of outcomes (处理等级评估). Every row is append-only: an urge, an answer, a review or a grade is never
changed; a second grade of the same case is a new row and the latest one is the case's current grade. The one
exception is the registry of contacts at agencies off the platform, which administrators keep up to date.

The functions that write these rows are in ``services.py``; each also puts a line on the case's timeline.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.core.masking import mask_phone
from jiefen.core.models import AppendOnly
from jiefen.core.pii import EncryptedTextField
from jiefen.core.validators import is_mobile
from jiefen.orgs.models import Organisation

# The bodies a case may be transferred to and supervised at.
AGENCY_KINDS = (
    Organisation.Kind.ADMINISTRATIVE, Organisation.Kind.ARBITRATION, Organisation.Kind.NOTARY, Organisation.Kind.COURT,
)


class Channel(models.TextChoices):
    """How an urge went to the agency, or how its answer came back."""

    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Letter or written notice")
    VISIT = "visit", _("Visit in person")
    PLATFORM = "platform", _("Through the platform")


class AgencyContact(models.Model):
    """Whom an urge reaches at an agency that does not work on the platform: a text message goes to the mobile.
    Administrators keep the registry in the admin; a contact who moved on is made inactive, never deleted, so that
    the urges sent to them still say to whom they went. The mobile is personal data: encrypted, masked in lists."""

    agency = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="supervision_contacts",
        limit_choices_to={"kind__in": AGENCY_KINDS},
    )
    name = models.CharField(_("name"), max_length=64)
    office = models.CharField(
        _("office or duty"), max_length=64, blank=True, help_text=_("e.g. the filing division, the notary on duty")
    )
    mobile = EncryptedTextField(_("mobile"), blank=True, help_text=_("Urges go to this number by text message"))
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["agency__name", "name", "id"]
        verbose_name = _("contact at an agency")
        verbose_name_plural = _("contacts at agencies")

    def __str__(self):
        return f"{self.name}{f'（{self.office}）' if self.office else ''} · {self.agency}"

    def clean(self):
        if self.mobile and not is_mobile(self.mobile):
            raise ValidationError({"mobile": _("Enter an 11-digit mobile number (13812345678): a text message "
                                               "cannot go to a landline.")})

    @property
    def masked_mobile(self) -> str:
        return mask_phone(self.mobile) if self.mobile else ""

    @property
    def label(self) -> str:
        """How the urge form and the record name the contact: name, office, masked mobile."""
        office = f"（{self.office}）" if self.office else ""
        return f"{self.name}{office} {self.masked_mobile}".strip()


class Urge(AppendOnly):
    """One urge (催办) to the agency a case waits for: how, to whom, what was asked, by when. About the case
    transferred to the agency, or about the case's agreement with a notary office (``notarial_request``) or its
    application for judicial confirmation with a court (``court_application``). An urge to an agency on the
    platform shows on its staff's queue until answered there; one by text message to a contact of the registry is
    sent by the platform, each attempt an ``UrgeMessage``."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="urges")
    agency = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    notarial_request = models.ForeignKey(
        "agreements.NotarialRequest", verbose_name=_("notarial enforcement request"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="urges",
    )
    court_application = models.ForeignKey(
        "agreements.CourtApplication", verbose_name=_("judicial confirmation application"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="urges",
    )
    agency_name = models.CharField(_("agency"), max_length=128)
    channel = models.CharField(_("by way of"), max_length=12, choices=Channel.choices)
    contact = models.CharField(
        _("contact at the agency"), max_length=128, help_text=_("The person, office or number urged")
    )
    agency_contact = models.ForeignKey(
        AgencyContact, verbose_name=_("contact of the registry"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="urges",
    )
    content = models.TextField(_("what was asked"))
    reply_by = models.DateField(_("answer requested by"), null=True, blank=True)
    urged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    urged_by_name = models.CharField(_("urged by"), max_length=150)
    organisation_name = models.CharField(_("organisation"), max_length=128)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("urge")
        verbose_name_plural = _("urges")

    def __str__(self):
        return f"{self.case_id} → {self.agency_name} ({self.get_channel_display()})"

    @property
    def texted(self) -> bool:
        """Whether a text message of the urge went out (read from prefetched ``messages`` where there are)."""
        return any(message.sent_at for message in self.messages.all())

    @property
    def answered(self) -> bool:
        return bool(self.answers.all())


class UrgeMessage(AppendOnly):
    """One attempt to text an urge to a contact of the registry: sent, or refused by the gateway with its error. A
    resend is a new row. The number is not copied here: the contact holds it."""

    urge = models.ForeignKey(Urge, on_delete=models.PROTECT, related_name="messages")
    contact = models.ForeignKey(AgencyContact, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("text"), max_length=255)
    at = models.DateTimeField(_("attempted at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("text message of an urge")
        verbose_name_plural = _("text messages of urges")

    def __str__(self):
        return f"{self.urge_id} → {self.contact_id}: {'sent' if self.sent_at else self.error}"


class AgencyAnswer(AppendOnly):
    """What the agency said about what the case waits for from it (as an urge: the transferred case, or the
    agreement with a notary office or a court): where it stands and when a result is expected."""

    class Progress(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted by the agency")
        IN_PROGRESS = "in_progress", _("Being handled")
        DONE = "done", _("Handled: result to follow")
        RETURNED = "returned", _("Not accepted or sent back")
        OTHER = "other", pgettext_lazy("progress at the agency", "Other")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="agency_answers")
    urge = models.ForeignKey(
        Urge, on_delete=models.PROTECT, null=True, blank=True, related_name="answers", verbose_name=_("answer to")
    )
    notarial_request = models.ForeignKey(
        "agreements.NotarialRequest", verbose_name=_("notarial enforcement request"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="agency_answers",
    )
    court_application = models.ForeignKey(
        "agreements.CourtApplication", verbose_name=_("judicial confirmation application"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="agency_answers",
    )
    agency_name = models.CharField(_("agency"), max_length=128)
    channel = models.CharField(_("by way of"), max_length=12, choices=Channel.choices)
    respondent = models.CharField(_("who answered"), max_length=128)
    progress = models.CharField(_("progress"), max_length=12, choices=Progress.choices)
    content = models.TextField(_("answer"))
    expected_by = models.DateField(_("result expected by"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_name = models.CharField(_("recorded by"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("agency's answer")
        verbose_name_plural = _("agency's answers")

    def __str__(self):
        return f"{self.case_id} ← {self.agency_name} ({self.get_progress_display()})"


def extension_consent_path(instance, filename):
    return f"supervision/extension-consent/{instance.case_id}/{instance.token}"


class ExtensionConsent(AppendOnly):
    """The parties' consent to a deadline extension as a file (the signed form, photographed or scanned to PDF),
    written with the ``extend_deadline`` move, whose event names its token. Stored under that unguessable token and
    opened only by staff whose jurisdiction covers the case, each opening logged."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="extension_consents")
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("consent file"), upload_to=extension_consent_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by_name = models.CharField(_("added by"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("consent to an extension")
        verbose_name_plural = _("consents to extensions")

    def __str__(self):
        return f"{self.case_id} {self.original_name}"


class TerminationReview(AppendOnly):
    """The coordinator's termination review (终结评估), written by the ``terminate`` move: what the review found and
    why non-litigation ends here (seed 000 §四(三)4: no termination without the coordinator's overall review)."""

    class Reason(models.TextChoices):
        RESPONDENT_REFUSES = "respondent_refuses", _("The respondent clearly refuses mediation")
        NO_PROSPECT = "no_prospect", _("The positions stay far apart after repeated mediation")
        UNREACHABLE = "unreachable", _("The respondent cannot be reached")
        APPLICANT_CHOOSES_OTHER = "applicant_chooses_other", _("The applicant chooses litigation or another path")
        NOT_SUITABLE = "not_suitable", _("The dispute cannot be resolved by non-litigation means")
        TIME_LIMIT = "time_limit", _("The time limit ran out and the parties did not agree to extend it")
        PATHS_EXHAUSTED = "paths_exhausted", _("The non-litigation paths open to the dispute are exhausted")
        OTHER = "other", pgettext_lazy("reason for terminating", "Other")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="termination_reviews")
    findings = models.TextField(_("findings of the review"))
    reasons = models.JSONField(_("reasons"), default=list)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by_name = models.CharField(_("reviewed by"), max_length=150)
    organisation_name = models.CharField(_("organisation"), max_length=128)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("termination review")
        verbose_name_plural = _("termination reviews")

    def __str__(self):
        return f"{self.case_id} {self.at:%Y-%m-%d}"

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(self.Reason.choices)
        return [str(labels.get(reason, reason)) for reason in self.reasons]


class OutcomeGrade(AppendOnly):
    """The assessor's grade of a case's handling: of a closed case, the outcome grading (处理等级评估, from the result
    and the parties' feedback); of a terminated one, the termination assessment (终结评估). Who mediated and for
    which organisation are kept as they were, so that the grade counts for them."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", pgettext_lazy("grade", "Excellent")
        GOOD = "good", pgettext_lazy("grade", "Good")
        FAIR = "fair", pgettext_lazy("grade", "Fair")
        POOR = "poor", pgettext_lazy("grade", "Poor")

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome grading")
        TERMINATION = "termination", _("Termination assessment")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="outcome_grades")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    reasons = models.TextField(_("reasons"))
    party_feedback = models.TextField(_("parties' feedback"), blank=True)
    mediator = models.ForeignKey(
        "orgs.Mediator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mediator_name = models.CharField(_("mediator"), max_length=64, blank=True)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    organisation_name = models.CharField(_("organisation"), max_length=128)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_by_name = models.CharField(_("assessed by"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("outcome grade")
        verbose_name_plural = _("outcome grades")
        indexes = [models.Index(fields=["mediator", "grade"]), models.Index(fields=["organisation", "grade"])]

    def __str__(self):
        return f"{self.case_id} {self.get_grade_display()}"
