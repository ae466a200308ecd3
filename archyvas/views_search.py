"""The archive's search page (``paieska/``): one box and filters over the registered and
the filed documents, one list newest first, each hit with where it is, the passage that
matched (the words marked) and a link to its page.

Who: staff and management (``may_read``); anyone else gets a 403. What is found follows
the source: ``selectors_search`` starts from ``visible_to(user)``, so management never find
a filed document only staff may see (not even counted)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from archyvas import selectors_search as selectors
from archyvas.forms_search import SearchForm
from archyvas.models import may_read
from portalas.access import role_required

PAGE_SIZE = 20


@role_required(may_read)
@require_GET
def search(request):
    kinds = selectors.kind_labels()
    form = SearchForm(request.GET or None, user=request.user, kinds=kinds)
    context = {"form": form, "hits": [], "page_obj": None, "query": "", "searched": False}
    if not form.is_bound or form.is_valid():
        criteria = form.criteria() if form.is_bound else selectors.Criteria()
        query = selectors.Query.parse(criteria.q)
        rows = selectors.found(request.user, criteria, query, kinds)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update({
            "hits": selectors.hits(list(page.object_list), query, kinds),
            "page_obj": page, "query": criteria.q,
            "searched": bool(query) or (form.is_bound and form.filtered),
        })
    partial = getattr(request, "htmx", False) and not request.htmx.boosted
    template = "archyvas/_search_results.html" if partial else "archyvas/search.html"
    response = render(request, template, context)
    patch_cache_control(response, private=True, no_store=True)
    return response
