"""The one place that decides which library-owned rows a user may see.

Department staff, management and administrators see the whole territory. A territory
librarian sees the libraries of their memberships: a director's membership covers the
library and every outlet under it (a system director sees the whole system), a
librarian's only that library. Everything outside the scope is a 404.
"""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class UnitScope:
    """Which units of one record (a system's report covers the system and its outlets) a
    user may see. ``whole``: every unit, so the user may act for the record as a whole
    (submit it, download all of it)."""

    visible: frozenset[int]
    whole: bool

    def allows(self, library_id: int) -> bool:
        return library_id in self.visible


def unit_scope(user, unit_ids) -> UnitScope:
    """The units among ``unit_ids`` the user may see: whole-territory roles see every
    unit; a librarian the units of their memberships (a director's covers the outlets
    under their library); anyone else none."""
    unit_ids = frozenset(unit_ids)
    if not user.is_authenticated or not user.is_active:
        return UnitScope(frozenset(), False)
    if user.sees_whole_territory:
        return UnitScope(unit_ids, True)
    if user.role != Role.LIBRARIAN:
        return UnitScope(frozenset(), False)
    visible = unit_ids & visible_library_ids(user)
    return UnitScope(visible, bool(unit_ids) and visible == unit_ids)


def access_of(user) -> dict:
    """What the user may see now, as data to keep beside a copy made for them (a document):
    ``{"whole": True}`` for whole-territory roles, else the ids of their libraries."""
    if not user.is_authenticated or not user.is_active:
        return {"whole": False, "libraries": []}
    if user.sees_whole_territory:
        return {"whole": True, "libraries": []}
    if user.role != Role.LIBRARIAN:
        return {"whole": False, "libraries": []}
    return {"whole": False, "libraries": sorted(visible_library_ids(user))}


def still_covers(user, earlier: dict) -> bool:
    """True when the user may still see everything ``earlier`` access (``access_of``) saw:
    a role downgrade or a removed membership ends access to copies made before."""
    if "whole" not in earlier:  # a copy from before access was recorded: ask again
        return False
    now = access_of(user)
    if now["whole"]:
        return True
    if earlier.get("whole", False):
        return False
    return set(earlier.get("libraries", [])) <= set(now["libraries"])


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
