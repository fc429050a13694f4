from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are append-only")

    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are append-only")


class AppendOnly(models.Model):
    """A record that is written once and never changed or deleted, one by one or in bulk."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are append-only")


class SequenceCounter(models.Model):
    """One running number per scope and year; see ``jiefen.core.numbering``."""

    scope = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="unique_sequence_per_scope_year")]

    def __str__(self):
        return f"{self.scope}/{self.year}: {self.value}"


class CalendarDay(models.Model):
    """A date the State Council's holiday notice names: a day off, or an adjusted working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        WORKDAY = "workday", _("Adjusted working day")

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=32)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("holiday calendar")

    def __str__(self):
        return f"{self.date} {self.name} ({self.get_kind_display()})"


class IdempotencyRecord(models.Model):
    """A request that must take effect once: the first one's result, found again by its key on every retry."""

    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=128)
    fingerprint = models.CharField(max_length=64)
    result_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="unique_idempotency_key_per_scope")]

    def __str__(self):
        return f"{self.scope} {self.key}"
