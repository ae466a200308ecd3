"""Who may open procurement's pages, for every area's views: procurement is staff's and
management's, so whoever may not read it gets a 404 (never a 403, which would tell a
librarian it exists); a reader lacking the role for a page or an action gets a 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from pirkimai.models import may_prepare, may_read

__all__ = ["HOME_TITLE", "ReaderMixin", "procurement_crumbs", "require", "require_preparer",
           "require_reader"]

HOME_TITLE = gettext_lazy("Procurement")


def require_reader(request) -> None:
    if not may_read(request.user):
        raise Http404


def require(allowed, request) -> None:
    """A 404 for whoever may not read procurement, then a 403 unless ``allowed(user)``."""
    require_reader(request)
    if not allowed(request.user):
        raise PermissionDenied


def require_preparer(request) -> None:
    require(may_prepare, request)


class ReaderMixin:
    """For the kit's views: the 404 of ``require_reader`` before the kit's role check
    (``allowed``, a 403)."""

    allowed = staticmethod(may_read)

    def check_role(self) -> None:
        require_reader(self.request)
        super().check_role()


def procurement_crumbs() -> list:
    """The first crumb of every procurement page: its home page."""
    return [(reverse("pirkimai:home"), HOME_TITLE)]
