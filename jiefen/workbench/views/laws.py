"""The law library in the workbench: the same search and article pages as the public site's, for staff."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiefen.knowledge.views import law_article_context, law_search_context
from jiefen.workbench.access import staff_required

WORKBENCH = {"base": "workbench/base.html", "detail_url": "workbench:law_article", "search_url": "workbench:laws"}


@require_GET
@staff_required
def law_search(request):
    return render(request, "knowledge/law_search.html", {**WORKBENCH, **law_search_context(request)})


@require_GET
@staff_required
def law_article(request, short, number):
    return render(request, "knowledge/law_article.html", {**WORKBENCH, **law_article_context(short, number)})
