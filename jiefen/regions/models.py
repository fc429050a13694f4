from django.db import models
from django.utils.translation import gettext_lazy as _

from jiefen.core.taxonomy import Level

# Significant digits of a GB/T 2260 statistical code at each level (the rest is zero padding).
SIGNIFICANT_DIGITS = {"province": 2, Level.CITY: 4, Level.COUNTY: 6, Level.TOWNSHIP: 9, Level.VILLAGE: 12}


class Region(models.Model):
    """An administrative division, identified by its 12-digit statistical code (padded with zeros)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = Level.CITY.value, Level.CITY.label
        COUNTY = Level.COUNTY.value, Level.COUNTY.label
        TOWNSHIP = Level.TOWNSHIP.value, Level.TOWNSHIP.label
        VILLAGE = Level.VILLAGE.value, Level.VILLAGE.label

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=8, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    @property
    def prefix(self) -> str:
        """The code's significant digits: every region below this one has a code starting with them."""
        return self.code[: SIGNIFICANT_DIGITS[self.level]]

    @property
    def full_name(self) -> str:
        names, region = [], self
        while region is not None and region.level != Region.Kind.PROVINCE:
            names.append(region.name)
            region = region.parent
        return "".join(reversed(names))
