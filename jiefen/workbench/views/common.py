"""Small helpers the workbench views share: paging and telling a fragment request from a page request."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page (an out-of-range or malformed number gives the nearest valid page)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def wants_fragment(request) -> bool:
    """An htmx request that swaps part of the page (not a boosted navigation), as Hypha does."""
    return bool(request.htmx) and not request.htmx.boosted

