"""The service catalogue (服务清单): what it holds, how it is checked and loaded, and how others read it.

The shipped catalogue is ``data/service_catalogue.json`` (sources in ``data/README.md``); the migration
``0002_load_catalogue`` loads it, and administrators edit it in the admin from then on. Other apps read it only
through ``catalogue_items`` and ``services_for``.
"""

import json
from pathlib import Path

from jiefen.core.taxonomy import Category, Level, Method
from jiefen.knowledge import laws

SHIPPED_CATALOGUE = Path(__file__).resolve().parent / "data" / "service_catalogue.json"

LIST_FIELDS = ("conditions", "steps", "materials", "forms")
TEXT_FIELDS = ("name", "summary", "handler", "cost", "remarks")
REQUIRED = ("code", "method", "name", "summary", "legal_basis", "levels", "handler", "cost")


def item_errors(data: dict) -> dict[str, list[str]]:
    """What is wrong with one catalogue item (a dict of its fields), by field; empty when nothing is.

    Every citation, in the basis list, in a time limit or in brackets inside any text, must be one of the
    shipped articles, and each time limit must quote words its article really says.
    """
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    for field in REQUIRED:
        if not data.get(field):
            add(field, "必填。")
    if data.get("method") and data["method"] not in Method.values:
        add("method", f"未知的化解方式：{data['method']}。")
    for level in data.get("levels") or []:
        if level not in Level.values:
            add("levels", f"未知的层级：{level}。")
    for category in data.get("categories") or []:
        if category not in Category.values:
            add("categories", f"未知的纠纷类型：{category}。")

    for citation in data.get("legal_basis") or []:
        if message := laws.citation_error(citation):
            add("legal_basis", message)
    for field in LIST_FIELDS:
        value = data.get(field) or []
        if not isinstance(value, list) or not all(isinstance(line, str) and line.strip() for line in value):
            add(field, "应为非空文字的列表。")
            continue
        for line in value:
            _check_inline(line, field, add)
    for field in TEXT_FIELDS:
        _check_inline(data.get(field) or "", field, add)

    for n, limit in enumerate(data.get("time_limits") or [], 1):
        if not isinstance(limit, dict) or not all(limit.get(key) for key in ("text", "basis", "quote")):
            add("time_limits", f"第{n}项应写明期限、依据和原文。")
            continue
        if message := laws.citation_error(limit["basis"]):
            add("time_limits", f"第{n}项：{message}")
            continue
        if limit["quote"] not in laws.article(limit["basis"]).text:
            add("time_limits", f"第{n}项：{laws.cite(limit['basis'])}中没有“{limit['quote']}”这段文字。")
        _check_inline(limit["text"], "time_limits", add)
    return errors


def _check_inline(text: str, field: str, add) -> None:
    for written, citation in laws.strict_citations(text):
        if message := laws.citation_error(str(citation)):
            add(field, message if written == str(citation) else f"“{written}”：{message}")


def citations_of(data: dict) -> list[laws.Citation]:
    """Every article an item cites, anywhere in it."""
    found = [laws.parse_citation(value) for value in data.get("legal_basis") or []]
    found += [laws.parse_citation(limit["basis"]) for limit in data.get("time_limits") or []]
    texts = [data.get(field) or "" for field in TEXT_FIELDS]
    texts += [line for field in LIST_FIELDS for line in data.get(field) or []]
    texts += [limit.get("text", "") for limit in data.get("time_limits") or []]
    for text in texts:
        found += [citation for _written, citation in laws.strict_citations(text)]
    return found


def shipped_items(path: Path = SHIPPED_CATALOGUE) -> list[dict]:
    with open(path, encoding="utf-8") as source:
        return json.load(source)["items"]


def load_catalogue(model, path: Path = SHIPPED_CATALOGUE, *, update: bool = False) -> tuple[int, int]:
    """Create the shipped items that are missing (by code); with ``update``, overwrite the others too.

    ``model`` is the ServiceItem class, or the historical model inside a migration. Returns (created, updated).
    """
    created = updated = 0
    for data in shipped_items(path):
        values = {key: value for key, value in data.items() if key != "code"}
        item = model.objects.filter(code=data["code"]).first()
        if item is None:
            model.objects.create(code=data["code"], **values)
            created += 1
        elif update:
            for key, value in values.items():
                setattr(item, key, value)
            item.save()
            updated += 1
    return created, updated


def catalogue_items(category: str = ""):
    """The active items in order; only those for ``category`` when one is given."""
    from jiefen.knowledge.models import ServiceItem

    items = list(ServiceItem.objects.filter(is_active=True))
    return [item for item in items if item.applies_to(category)] if category else items


def services_for(case_or_category) -> list:
    """The options open to a dispute: the active items for its category, every item while it has none."""
    category = getattr(case_or_category, "category", case_or_category) or ""
    return catalogue_items(category)
