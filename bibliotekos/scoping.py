"""The one place that decides which library-owned rows a user may see.

Department staff, management and administrators see the whole territory. A territory
librarian sees the libraries of their memberships: a director's membership covers the
library and every outlet under it (a system director sees the whole system), a
librarian's only that library. Everything outside the scope is a 404.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from paskyros.models import Role


def visible_library_ids(user) -> frozenset[int]:
    """Ids of the libraries a librarian may see; cached on the user object per request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_visible_library_ids", None)
    if cached is not None:
        return cached
    from bibliotekos.models import Membership

    memberships = list(Membership.objects.filter(user=user).values_list("library_id", "role"))
    ids = {library_id for library_id, _role in memberships}
    ids |= descendant_ids(library_id for library_id, role in memberships
                          if role == Membership.Role.DIRECTOR)
    user._visible_library_ids = frozenset(ids)
    return user._visible_library_ids


def descendant_ids(root_ids) -> set[int]:
    """Every library under the given ones (one query per level; a system has at most three)."""
    from bibliotekos.models import Library

    found: set[int] = set()
    level = set(root_ids)
    while level:
        level = set(Library.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        level -= found
        found |= level
    return found


class ScopedQuerySet(models.QuerySet):
    """Manager of every model that belongs to a library. ``library_path`` is the lookup
    from the model to its Library ("library", "event__library", "pk" for Library)."""

    library_path = "library"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        if user.role != Role.LIBRARIAN:
            return self.none()
        return self.filter(**{f"{self.library_path}__in": visible_library_ids(user)})


def get_visible_or_404(queryset, user, **lookup):
    """``get_object_or_404`` over the rows the user may see."""
    if not hasattr(queryset, "visible_to"):
        raise TypeError(f"{queryset.model.__name__} has no visible_to(): scope it first.")
    return get_object_or_404(queryset.visible_to(user), **lookup)


class ScopedObjectMixin:
    """For DetailView/UpdateView/DeleteView: the object is looked up within the scope."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if not hasattr(queryset, "visible_to"):
            raise Http404
        return queryset.visible_to(self.request.user)
