from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiefen.core.taxonomy import Category
from jiefen.knowledge.catalogue import catalogue_items
from jiefen.knowledge.citations import CitationError, resolve
from jiefen.knowledge.laws import Citation
from jiefen.knowledge.models import Law
from jiefen.knowledge.search import rank_statutes


@require_GET
def service_catalogue(request):
    """The public service catalogue (服务清单): every way to resolve a dispute, or those for one category."""
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    context = {"items": catalogue_items(category), "category": category, "categories": Category.choices}
    return render(request, "knowledge/catalogue.html", context)


SEARCH_LIMIT = 20


def law_search_context(request) -> dict:
    """The search box's words and the ranked articles, for the public page and the workbench's."""
    query = request.GET.get("q", "").strip()[:500]
    return {
        "query": query,
        "results": rank_statutes(query, SEARCH_LIMIT) if query else [],
        "law_count": Law.objects.in_force().count(),
    }


def law_article_context(short: str, number: int) -> dict:
    try:
        article = resolve(Citation(short, number))
    except CitationError as error:
        raise Http404(str(error)) from None
    numbers = article.law.articles.values_list("number", flat=True)
    return {
        "article": article,
        "previous": numbers.filter(number__lt=number).order_by("-number").first(),
        "next": numbers.filter(number__gt=number).order_by("number").first(),
    }


PUBLIC = {"base": "knowledge/public_base.html", "detail_url": "knowledge:law_article", "search_url": "knowledge:laws"}


@require_GET
def public_law_search(request):
    """The law library for citizens: search the laws in everyday words."""
    return render(request, "knowledge/law_search.html", {**PUBLIC, **law_search_context(request)})


@require_GET
def public_law_article(request, short, number):
    return render(request, "knowledge/law_article.html", {**PUBLIC, **law_article_context(short, number)})
