"""The URL configuration the search's tests run with (``pytest.mark.urls``): the project's,
with the archive's pages that the search links to and other areas have not written yet
answered by a stub under their real name — so the search is tested while they are being
built, and once they exist nothing is stubbed. Also: the search's own route."""

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, URLResolver, include, path, reverse

from archyvas import urls as archive
from regionas import urls as project

#: The archive's pages the search page links to (its tabs and every hit), and their paths.
LINKED = {"plan_list": "", "entry_list": "", "year_end": "", "bdstr_list": "",
          "entry_detail": "<int:pk>/", "filed_detail": "<int:pk>/"}
URLS = "archyvas.tests.test_search_urls"


def _stub(request, **kwargs):
    return HttpResponse("stub")


def _missing() -> list[str]:
    missing = []
    for name, route in LINKED.items():
        try:
            reverse(f"archyvas:{name}", urlconf=project, kwargs={"pk": 1} if route else None)
        except NoReverseMatch:
            missing.append(name)
    return missing


STUBBED = _missing()
urlpatterns = [pattern for pattern in project.urlpatterns
               if not (isinstance(pattern, URLResolver) and pattern.namespace == "archyvas")]
urlpatterns.append(path("archyvas/", include((
    [*archive.urlpatterns, *(path(f"stub/{name}/{LINKED[name]}", _stub, name=name)
                             for name in STUBBED)], "archyvas"))))


def test_the_search_lives_at_paieska_in_the_archive():
    assert reverse("archyvas:search") == "/archyvas/paieska/"


@pytest.mark.urls(URLS)
def test_only_the_pages_not_written_yet_are_stubbed():
    for name in LINKED:
        kwargs = {"pk": 1} if LINKED[name] else None
        assert ("/stub/" in reverse(f"archyvas:{name}", kwargs=kwargs)) == (name in STUBBED)
