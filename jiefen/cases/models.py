from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.masking import mask_id_number, mask_phone
from jiefen.core.models import AppendOnly
from jiefen.core.pii import EncryptedTextField, digest
from jiefen.core.taxonomy import Category, Channel, Complexity, Field, Level, Method, Risk
from jiefen.core.validators import validate_phone, validate_resident_id, validate_uscc
from jiefen.orgs.models import ScopedQuerySet


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    TRIAGED = "triaged", _("Triaged")
    ACCEPTED = "accepted", _("Awaiting assignment")
    ASSIGNED = "assigned", _("Assigned")
    IN_MEDIATION = "in_mediation", _("In mediation")
    RESOLVED = "resolved", _("Agreement reached")
    FAILED = "failed", _("Mediation failed")
    TERMINATION_REVIEW = "termination_review", _("Termination review")
    TRANSFERRED = "transferred", _("Transferred (supervised)")
    CLOSED = "closed", _("Closed")
    TERMINATED = "terminated", _("Terminated")
    REJECTED = "rejected", _("Not admitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another case")


FINAL_STATES = {State.TERMINATED, State.REJECTED, State.WITHDRAWN, State.MERGED}
ENDED_STATES = FINAL_STATES | {State.CLOSED}


class ReferralKind(models.TextChoices):
    """How a court sends a dispute (最高人民法院关于人民法院特邀调解的规定 art. 27 sets their limits)."""

    DELEGATED = "delegated", _("Delegated before filing (委派)")
    ENTRUSTED = "entrusted", _("Entrusted after filing (委托)")


class CaseQuerySet(ScopedQuerySet):
    scope_field = "handling_org"

    def open(self):
        return self.exclude(state__in=ENDED_STATES)


class Case(models.Model):
    """One dispute brought to the platform, from registration to closure and follow-up."""

    number = models.CharField(_("case number"), max_length=48, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WINDOW)
    referral_kind = models.CharField(_("court referral"), max_length=12, choices=ReferralKind.choices, blank=True)
    external_reference = models.CharField(
        _("sender's reference"), max_length=64, blank=True,
        help_text=_("The court's case number, or the number the sending platform gave the dispute"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REGISTERED)
    summary = models.CharField(_("summary"), max_length=120)
    description = models.TextField(_("facts"))
    claims = models.TextField(_("claims"), blank=True)
    amount = models.DecimalField(_("amount in dispute (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    place = models.ForeignKey("regions.Region", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=8, choices=Category.choices, blank=True)
    field = models.CharField(_("field"), max_length=4, choices=Field.choices, blank=True)
    complexity = models.CharField(_("complexity"), max_length=4, choices=Complexity.choices, blank=True)
    risk = models.CharField(_("risk"), max_length=2, choices=Risk.choices, blank=True)
    # A group dispute (群体性纠纷: wage arrears, property fees, land requisition) has many applicants, one of whom
    # may represent the rest; each claimant's own outcome is kept in ClaimantOutcome.
    is_group = models.BooleanField(_("group dispute"), default=False)
    method = models.CharField(_("method"), max_length=32, choices=Method.choices, blank=True)
    handling_org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("handling organisation"), on_delete=models.PROTECT, related_name="cases"
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    mediator = models.ForeignKey(
        "orgs.Mediator", verbose_name=_("mediator"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="cases",
    )
    transferred_to = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("transferred to"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="transferred_cases",
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_basis = models.CharField(_("legal basis of the deadline"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Bumped by every move: a move made on a stale copy of the case fails instead of overwriting a newer one.
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["handling_org", "state"]),
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["registered_at"]),
        ]

    def __str__(self):
        return f"{self.number} {self.summary}"

    @property
    def is_open(self) -> bool:
        return self.state not in ENDED_STATES

    def current_agreement(self) -> "Agreement | None":
        """The latest agreement: a reopened case may reach a new one, and the earlier ones stay on record."""
        return self.agreements.order_by("-recorded_at", "-id").first()

    def current_failure(self) -> "FailureRecord | None":
        """The latest failure record: a case rerouted after failing may fail again, and each record stays."""
        return self.failure_records.order_by("-recorded_at", "-id").first()


class PartyQuerySet(ScopedQuerySet):
    scope_field = "case__handling_org"


class Party(models.Model):
    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        RESPONDENT = "respondent", _("Respondent")

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=128)
    # Encrypted at rest (Personal Information Protection Law); the digests find equal numbers across cases.
    id_number = EncryptedTextField(
        _("ID number or credit code"), blank=True, validators=[MaxLengthValidator(18)],
        help_text=_("Resident ID number for a person, unified social credit code for an organisation"),
    )
    id_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = EncryptedTextField(_("phone"), blank=True, validators=[MaxLengthValidator(20)])
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_representative = models.BooleanField(
        _("representative"), default=False, help_text=_("Speaks for the other claimants of a group dispute")
    )
    claimed_amount = models.DecimalField(
        _("amount claimed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["case", "role", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.name

    def clean(self):
        self.id_number = self.id_number.strip().upper()
        self.phone = self.phone.strip()
        if self.id_number:
            check = validate_resident_id if self.kind == self.Kind.PERSON else validate_uscc
            try:
                check(self.id_number)
            except ValidationError as error:
                raise ValidationError({"id_number": error.messages}) from None
        if self.phone:
            try:
                validate_phone(self.phone)
            except ValidationError as error:
                raise ValidationError({"phone": error.messages}) from None
        for name, value in self.personal_data_digests().items():
            setattr(self, name, value)

    def personal_data_digests(self) -> dict[str, str]:
        return {"id_digest": digest(self.id_number), "phone_digest": digest(self.phone)}

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class PersonalDataView(AppendOnly):
    """One look at a party's full ID and phone numbers: by whom, for which organisation, when.

    Written by ``services.reveal_personal_data``; the party may see these on the portal.
    """

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="personal_data_views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewer_name = models.CharField(_("viewed by"), max_length=150)
    viewer_organisation = models.CharField(_("organisation"), max_length=128)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    channel = models.CharField(_("through"), max_length=16)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("personal data view")
        verbose_name_plural = _("personal data views")

    def __str__(self):
        return f"{self.viewer_name} · {self.party} · {self.at:%Y-%m-%d %H:%M}"


class CaseEvent(AppendOnly):
    """One line of a case's timeline: who made which move, when, from which state to which, and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    move = models.CharField(_("move"), max_length=32)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("by"), max_length=150)
    actor_organisation = models.CharField(_("organisation"), max_length=128, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self):
        return f"{self.case.number} {self.move} {self.from_state}→{self.to_state}"


class MediationSession(AppendOnly):
    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        VIDEO = "video", _("Video")
        BACK_TO_BACK = "back_to_back", _("Back-to-back")
        PUBLIC = "public", _("Public")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="sessions")
    held_at = models.DateTimeField(_("held at"))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.ON_SITE)
    place = models.CharField(_("place or video link"), max_length=255)
    participants = models.TextField(_("participants"))
    record = models.TextField(_("record"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_at", "id"]
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")

    def __str__(self):
        return f"{self.case.number} {self.held_at:%Y-%m-%d %H:%M}"


class Agreement(AppendOnly):
    """The mediation agreement (调解协议书), with the matters People's Mediation Law art. 29 lists."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agreements")
    facts = models.TextField(_("facts and matters in dispute"))
    terms = models.TextField(_("agreed terms"))
    performance = models.TextField(_("manner and time limit of performance"))
    signed_on = models.DateField(_("signed on"))
    # Who mediated and for which organisation, as on the day of signing: a later reassignment changes neither.
    mediator_name = models.CharField(_("mediator"), max_length=64)
    organisation_name = models.CharField(_("mediating organisation"), max_length=128)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")
        # The scheduler reads the agreements whose judicial confirmation window is closing by their signing day
        # (jiefen.agreements.services.window_warnings_due).
        indexes = [models.Index(fields=["signed_on"])]

    def __str__(self):
        return f"{self.case.number} {self.signed_on}"


class FailureRecord(AppendOnly):
    """Why mediation failed, and the record of undisputed facts (无争议事实记载) that goes to the court: the facts
    both sides confirmed, which they need not prove again in litigation (人民法院在线调解规则 art. 18 and 22)."""

    class Cause(models.TextChoices):
        NO_AGREEMENT = "no_agreement", _("The parties could not agree")
        RESPONDENT_REFUSED = "respondent_refused", _("The respondent refused mediation")
        RESPONDENT_UNREACHABLE = "respondent_unreachable", _("The respondent could not be reached")
        APPLICANT_ABANDONED = "applicant_abandoned", _("The applicant no longer pursued mediation")
        OTHER = "other", _("Other")

    # The causes of the ``respondent_absent`` outcome: the applicant is guided onward at once (jiefen.respondent).
    RESPONDENT_CAUSES = (Cause.RESPONDENT_UNREACHABLE, Cause.RESPONDENT_REFUSED)

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="failure_records")
    cause = models.CharField(_("cause"), max_length=24, choices=Cause.choices)
    reason = models.TextField(_("what happened"), blank=True)
    undisputed_facts = models.TextField(_("undisputed facts"), blank=True)
    disputed_points = models.TextField(_("points still in dispute"), blank=True)
    # Who mediated and for which organisation, as on the day of failure.
    mediator_name = models.CharField(_("mediator"), max_length=64)
    organisation_name = models.CharField(_("mediating organisation"), max_length=128)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("failure record")
        verbose_name_plural = _("failure records")

    def __str__(self):
        return f"{self.case.number} {self.cause}"


class DeadlineRule(models.Model):
    """A handling time limit for a track, with its legal basis; of the rules matching a case, the highest
    priority applies."""

    name = models.CharField(_("name"), max_length=64)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    referral_kind = models.CharField(_("court referral"), max_length=12, choices=ReferralKind.choices, blank=True)
    category = models.CharField(_("category"), max_length=8, choices=Category.choices, blank=True)
    complexity = models.CharField(_("complexity"), max_length=4, choices=Complexity.choices, blank=True)
    days = models.PositiveSmallIntegerField(_("days"))
    working_days = models.BooleanField(_("counted in working days"), default=False)
    basis = models.CharField(_("legal basis"), max_length=200)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=0, help_text=_("Higher wins when several rules match")
    )

    class Meta:
        ordering = ["-priority", "name"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self):
        unit = _("working days") if self.working_days else _("days")
        return f"{self.name}: {self.days} {unit} ({self.basis})"

    def matches(self, case: Case) -> bool:
        return all(
            not wanted or wanted == actual
            for wanted, actual in (
                (self.channel, case.channel),
                (self.referral_kind, case.referral_kind),
                (self.category, case.category),
                (self.complexity, case.complexity),
            )
        )


class ClaimantOutcome(AppendOnly):
    """What one claimant of a group dispute obtained (the latest row per party is the current one)."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", _("Agreement reached")
        PAID = "paid", _("Paid in full")
        PARTLY_PAID = "partly_paid", _("Partly paid")
        NOT_AGREED = "not_agreed", _("No agreement")
        WITHDRAWN = "withdrawn", _("Withdrew the claim")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="claimant_outcomes")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="outcomes")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    amount = models.DecimalField(_("amount obtained (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["party", "-recorded_at", "-id"]
        verbose_name = _("claimant outcome")
        verbose_name_plural = _("claimant outcomes")

    def __str__(self):
        return f"{self.party} {self.get_outcome_display()} {self.amount or ''}"


class CaseLink(AppendOnly):
    """An officer's answer to a likely-duplicate suggestion: the two cases are related (kept apart but linked) or
    distinct (not to be suggested again). A merge is a move of its own (``merge``) and sets ``Case.merged_into``."""

    class Kind(models.TextChoices):
        RELATED = "related", _("Related")
        DISTINCT = "distinct", _("Not a duplicate")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links")
    other = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case link")
        verbose_name_plural = _("case links")

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.other_id}"


def consent_path(instance, filename):
    return f"cases/consent/{instance.case_id}/{instance.token}"


class AssistedFiling(AppendOnly):
    """A dispute filed by staff or a grid worker for a person without a smartphone (代为申请), with the proof of
    that person's consent: a photo of the signed or thumb-printed consent form, or a voice note."""

    class ConsentKind(models.TextChoices):
        PHOTO = "photo", _("Photo of the signed consent")
        VOICE = "voice", _("Voice note")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="assisted_filing")
    token = models.CharField(max_length=32, unique=True, editable=False)
    consent_kind = models.CharField(_("consent"), max_length=8, choices=ConsentKind.choices)
    consent_file = models.FileField(_("consent file"), upload_to=consent_path, max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    assisted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assisted_by_name = models.CharField(_("filed by"), max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assisted filing")
        verbose_name_plural = _("assisted filings")

    def __str__(self):
        return f"{self.case_id} {self.get_consent_kind_display()}"


class FileView(AppendOnly):
    """One opening of a file that may show a person (a consent form with a signature or thumbprint, a voice note,
    a photo from the field, evidence a citizen uploaded) by a member of staff: who, for which organisation, when.

    Written by ``jiefen.cases.files.log_file_view``, like ``PersonalDataView`` for the numbers."""

    class Kind(models.TextChoices):
        CONSENT = "consent", _("Consent of an assisted filing")
        FIELD_PHOTO = "field_photo", _("Photo from the field")
        # Openings of the portal's own evidence files, before they became materials (their tokens are the same).
        EVIDENCE = "evidence", _("Evidence from the portal")
        MATERIAL = "material", _("Evidence or material of a case")
        EXTENSION_CONSENT = "ext_consent", _("Consent to a deadline extension")

    kind = models.CharField(_("file"), max_length=12, choices=Kind.choices)
    ref = models.CharField(_("file reference"), max_length=40)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="file_views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewer_name = models.CharField(_("viewed by"), max_length=150)
    viewer_organisation = models.CharField(_("organisation"), max_length=128)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("file view")
        verbose_name_plural = _("file views")

    def __str__(self):
        return f"{self.viewer_name} · {self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
