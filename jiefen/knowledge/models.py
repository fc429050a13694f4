from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiefen.core.taxonomy import Category, Level, Method
from jiefen.knowledge import laws


class ServiceItem(models.Model):
    """One entry of the service catalogue (服务清单): a way to resolve a dispute, what it takes and what it rests on.

    Lists are JSON lists of strings; ``time_limits`` is a list of ``{"text", "basis", "quote"}``: what the limit
    is, the article that sets it (``法名:第N条``) and the words of that article that state it. Citations may also
    stand in brackets inside any text. Items are never deleted: an administrator deactivates them.
    """

    code = models.SlugField(_("code"), max_length=48, unique=True)
    method = models.CharField(_("method"), max_length=32, choices=Method.choices)
    name = models.CharField(_("name"), max_length=64)
    summary = models.TextField(pgettext_lazy("service catalogue", "summary"))
    legal_basis = models.JSONField(
        _("legal basis"), default=list, help_text=_("Articles, one per line, written 法名:第N条 (人民调解法:第17条)")
    )
    levels = models.JSONField(_("levels that handle it"), default=list)
    handler = models.TextField(_("who handles it"))
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    steps = models.JSONField(_("steps"), default=list, blank=True)
    materials = models.JSONField(_("materials"), default=list, blank=True)
    time_limits = models.JSONField(_("time limits"), default=list, blank=True)
    cost = models.TextField(_("cost"))
    forms = models.JSONField(_("forms and sample texts"), default=list, blank=True)
    categories = models.JSONField(
        _("dispute categories"), default=list, blank=True, help_text=_("None chosen: every category")
    )
    remarks = models.TextField(_("remarks"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service catalogue item")
        verbose_name_plural = _("service catalogue")

    def __str__(self):
        return self.name

    def clean(self):
        from jiefen.knowledge.catalogue import item_errors

        errors = item_errors({field: getattr(self, field) for field in ITEM_FIELDS})
        if errors:
            raise ValidationError(errors)

    def applies_to(self, category: str) -> bool:
        """Every category when none is chosen; a dispute not yet classified may take every item."""
        return not category or not self.categories or category in self.categories

    # Display helpers: the shipped law texts are a file read once, so none of these queries the database.

    @property
    def method_label(self) -> str:
        return str(Method(self.method).label) if self.method in Method.values else self.method

    @property
    def level_labels(self) -> list[str]:
        return [str(Level(level).label) for level in self.levels if level in Level.values]

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(category).label) for category in self.categories if category in Category.values]

    @property
    def basis_text(self) -> str:
        return laws.cite_all(self.legal_basis)

    @property
    def basis_articles(self) -> list[tuple[str, "laws.Article | None"]]:
        return [(laws.cite(citation), laws.article(citation)) for citation in self.legal_basis]

    @property
    def time_limit_rows(self) -> list[dict]:
        return [{**limit, "cited": laws.cite(limit["basis"])} for limit in self.time_limits]


ITEM_FIELDS = [
    "code", "method", "name", "summary", "legal_basis", "levels", "handler", "conditions", "steps", "materials",
    "time_limits", "cost", "forms", "categories", "remarks", "order",
]


class LawQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """For each law, the version in force on a day (today by default): the latest that took effect by then."""
        on = on or timezone.localdate()
        latest = (
            Law.objects.filter(short=OuterRef("short"), effective__lte=on).order_by("-effective").values("effective")
        )
        return self.filter(effective=Subquery(latest[:1]))


class Law(models.Model):
    """One version of a law, regulation or judicial interpretation in the library (法律法规库).

    Versions are never overwritten or deleted: an amended text is loaded as another ``Law`` row with the same short
    name and its own effective date, with its own articles. Citations and search use the version in force.
    """

    short = models.CharField(_("short name"), max_length=80, help_text=_("As cited: 民法典, 人民调解法"))
    title = models.CharField(_("full title"), max_length=120)
    effective = models.DateField(_("in force from"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = LawQuerySet.as_manager()

    class Meta:
        ordering = ["order", "short", "-effective"]
        constraints = [models.UniqueConstraint(fields=["short", "effective"], name="law_version_unique")]
        verbose_name = _("law")
        verbose_name_plural = _("laws")

    def __str__(self):
        return self.short


class Article(models.Model):
    """One article of one version of a law; ``number`` is an integer (第一千零七十九条 → 1079)."""

    law = models.ForeignKey(Law, on_delete=models.PROTECT, related_name="articles", verbose_name=_("law"))
    number = models.PositiveIntegerField(_("article number"))
    label = models.CharField(_("label"), max_length=24, help_text=_("As printed: 第三十三条"))
    chapter = models.CharField(_("chapter"), max_length=200, blank=True, help_text=_("Headings above it, joined by /"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["law", "number"]
        constraints = [models.UniqueConstraint(fields=["law", "number"], name="article_number_unique")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.citation

    @property
    def citation(self) -> str:
        return str(laws.Citation(self.law.short, self.number))

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.text.split("\n") if line.strip()]
