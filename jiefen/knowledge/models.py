from django.core.exceptions import ValidationError
from django.db import models
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
