from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiefen.core.taxonomy import Category
from jiefen.knowledge.catalogue import catalogue_items


@require_GET
def service_catalogue(request):
    """The public service catalogue (服务清单): every way to resolve a dispute, or those for one category."""
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    context = {"items": catalogue_items(category), "category": category, "categories": Category.choices}
    return render(request, "knowledge/catalogue.html", context)
