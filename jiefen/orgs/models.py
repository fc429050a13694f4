from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.taxonomy import LEVEL_RANK, Level
from jiefen.orgs.jurisdiction import jurisdiction_q


class ScopedQuerySet(models.QuerySet):
    """Rows seen through the user's jurisdiction; ``scope_field`` names the organisation that decides it."""

    scope_field = "organisation"

    def visible_to(self, user):
        return self.filter(jurisdiction_q(user, self.scope_field))


class Organisation(models.Model):
    """A centre, sub-centre, station or body of the non-litigation network, in one tree.

    ``path`` is the chain of codes from the root (``3207/320706/320706001/``), so that an organisation's
    subtree is one indexed prefix query on SQLite and PostgreSQL alike.
    """

    class Kind(models.TextChoices):
        CENTRE = "centre", _("Non-litigation service centre")
        SUB_CENTRE = "sub_centre", _("Court sub-centre")
        STATION = "station", _("Village service station")
        PEOPLES_MEDIATION = "peoples_mediation", _("People's mediation committee")
        INDUSTRY_MEDIATION = "industry_mediation", _("Industry mediation committee")
        LAWYER_MEDIATION = "lawyer_mediation", _("Lawyers' mediation studio")
        ADMINISTRATIVE = "administrative", _("Administrative organ")
        ARBITRATION = "arbitration", _("Arbitration commission")
        NOTARY = "notary", _("Notary office")
        COURT = "court", _("Court")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="organisations")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False)
    specialties = models.JSONField(_("specialties"), default=list, blank=True, help_text=_("Dispute categories"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path if self.parent else ''}{self.code}/"
        super().save(*args, **kwargs)

    def subtree(self):
        return Organisation.objects.filter(path__startswith=self.path)

    def is_within(self, other: "Organisation") -> bool:
        return self.path.startswith(other.path)

    def ancestor_paths(self) -> list[str]:
        """The paths of this organisation and every one above it, root first: filter ``path__in`` with them to
        read the chain in one query instead of walking ``parent`` up."""
        return [self.path[: i + 1] for i, ch in enumerate(self.path) if ch == "/"]

    def escalation_target(self) -> "Organisation | None":
        """The nearest ancestor one level up the ladder (village → township → county → city), if any."""
        ancestor = self.parent
        while ancestor is not None and LEVEL_RANK[ancestor.level] <= LEVEL_RANK[self.level]:
            ancestor = ancestor.parent
        return ancestor


class Post(models.TextChoices):
    """The five posts of seed 000 §四(二), plus the leaders who read, the administrators who keep registries, and the
    grid workers and informants (网格员、信息员) who report disputes from the field."""

    INTAKE = "intake", _("Intake and routing")
    MEDIATION = "mediation", _("Mediation")
    COORDINATION = "coordination", _("Coordination and supervision")
    LIAISON = "liaison", _("Liaison")
    ASSESSMENT = "assessment", _("Assessment")
    LEADER = "leader", _("Leader")
    GRID = "grid", _("Grid worker or informant")


class Staff(models.Model):
    """A user's place in the network: the organisation they work for and their post there."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    post = models.CharField(_("post"), max_length=16, choices=Post.choices)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} · {self.organisation} · {self.get_post_display()}"


class Mediator(models.Model):
    """A mediator in the public registry (名册); ``user`` is set when the mediator also works on the platform."""

    class Grade(models.TextChoices):
        CHIEF = "chief", _("Chief mediator")
        SENIOR = "senior", _("Senior mediator")
        ORDINARY = "ordinary", _("Mediator")

    name = models.CharField(_("name"), max_length=64)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="mediators")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="mediator"
    )
    specialties = models.JSONField(_("specialties"), default=list, blank=True, help_text=_("Dispute categories"))
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices, default=Grade.ORDINARY)
    is_invited = models.BooleanField(_("invited mediator"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    # What the assignment checks for a conflict of interest (jiefen.mediation.fit): the mediator declares where
    # they work and whom they are related or close to; a party of the same unit or among those names is warned.
    work_unit = models.CharField(
        _("work unit"), max_length=128, blank=True,
        help_text=_("Employer, village committee, firm or office the mediator belongs to"),
    )
    work_unit_address = models.CharField(_("address of the work unit"), max_length=255, blank=True)
    relations = models.TextField(
        _("declared relations"), blank=True,
        help_text=_("Relatives and people or organisations the mediator is close to, one name per line"),
    )
    away_until = models.DateField(
        _("away until"), null=True, blank=True,
        help_text=_("On leave or otherwise taking no new cases up to and including this day"),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__path", "name"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")

    def __str__(self):
        return self.name

    def is_away(self, day) -> bool:
        return self.away_until is not None and day <= self.away_until


class MediatorDuty(models.Model):
    """A day a mediator is on duty at the window (值班调解员): walk-in disputes go to them on the spot. The roster
    is kept in the admin; a day taken off the roster is deleted there (the admin's log keeps who did)."""

    mediator = models.ForeignKey(
        Mediator, verbose_name=_("mediator"), on_delete=models.PROTECT, related_name="duty_days"
    )
    day = models.DateField(_("day"))
    note = models.CharField(_("note"), max_length=128, blank=True, help_text=_("e.g. the window or the hours"))

    class Meta:
        ordering = ["day", "mediator"]
        constraints = [models.UniqueConstraint(fields=["mediator", "day"], name="orgs_one_duty_per_mediator_day")]
        verbose_name = _("duty day of a mediator")
        verbose_name_plural = _("duty roster of mediators")

    def __str__(self):
        return f"{self.mediator} {self.day}"


SERVING_KINDS = (Organisation.Kind.STATION, Organisation.Kind.CENTRE)


def organisation_serving(region) -> Organisation:
    """The station or centre of the place's own division, else of the nearest division above it that has one."""
    chain = []
    # The divisions above a village are at most four: read them in one query rather than one each.
    region = type(region).objects.select_related("parent__parent__parent__parent").get(pk=region.pk)
    while region is not None:
        chain.append(region)
        region = region.parent
    # Each division has one station (villages) or one centre (townships and up).
    by_region = {
        org.region_id: org
        for org in Organisation.objects.filter(
            region__in=chain, kind__in=SERVING_KINDS, is_active=True
        ).select_related("region")
    }
    for division in chain:
        if division.pk in by_region:
            return by_region[division.pk]
    raise Organisation.DoesNotExist(f"No station or centre serves {chain[0] if chain else 'this place'}.")
