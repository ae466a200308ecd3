"""The one place that decides which rows a user may see. Everything outside is a 404.

Four rules, each a queryset with ``visible_to(user)``:

- **my library** (``ScopedQuerySet``): department staff, management and administrators
  see the whole territory; a territory librarian sees the libraries of their memberships
  (a director's membership covers the library and every outlet under it, a librarian's
  only that library);
- **unit inside a library's record** (``unit_scope``): within one record that covers a
  library and its outlets (a system's statistics submission), the units a person sees;
  only someone who sees every unit acts for the record as a whole;
- **published to the territory** (``PublishedQuerySet``): every signed-in user sees an
  item once its status says it is published; drafts only their authors and the
  whole-territory roles;
- **members of an object** (``MembersQuerySet``): a working group, a jury, an
  assignment — its members and the whole-territory roles.
"""

from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from paskyros.models import Role
from portalas.memo import per_request


def memberships_of(user) -> tuple[tuple[int, str], ...]:
    """The user's (library id, role) memberships, read once per request (cached on the user
    object): the menu, the scope and the role checks all ask it."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, "_memberships", None)
    if cached is None:
        from bibliotekos.models import Membership

        cached = tuple(Membership.objects.filter(user=user).values_list("library_id", "role"))
        user._memberships = cached
    return cached


def is_director(user) -> bool:
    """A librarian who directs a library (answers for it and its outlets). No tree walk."""
    return (user.is_authenticated and user.role == Role.LIBRARIAN
            and any(role == "director" for _library, role in memberships_of(user)))


def visible_library_ids(user) -> frozenset[int]:
    """Ids of the libraries a librarian may see; cached on the user object per request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_visible_library_ids", None)
    if cached is not None:
        return cached
    from bibliotekos.models import Membership

    memberships = memberships_of(user)
    ids = {library_id for library_id, _role in memberships}
    ids |= descendant_ids(library_id for library_id, role in memberships
                          if role == Membership.Role.DIRECTOR)
    user._visible_library_ids = frozenset(ids)
    return user._visible_library_ids


def _children() -> dict[int, list[int]]:
    """The whole library tree as parent → children, read in one query once per request."""
    from bibliotekos.models import Library

    def build():
        tree: dict[int, list[int]] = {}
        for pk, parent_id in Library.objects.filter(parent__isnull=False).values_list(
                "pk", "parent_id"):
            tree.setdefault(parent_id, []).append(pk)
        return tree

    return per_request("bibliotekos:library-tree", build)


def descendant_ids(root_ids) -> set[int]:
    """Every library under the given ones."""
    tree = _children()
    found: set[int] = set()
    level = set(root_ids)
    while level:
        level = {child for parent in level for child in tree.get(parent, ())} - found
        found |= level
    return found


def director_library_ids(user) -> frozenset[int]:
    """The libraries (with their outlets) a director answers for; empty for others.
    Remembered on the user object for the request, as ``visible_library_ids`` is: a list
    asks it once per row."""
    if not user.is_authenticated or user.role != Role.LIBRARIAN:
        return frozenset()
    cached = getattr(user, "_director_library_ids", None)
    if cached is not None:
        return cached
    from bibliotekos.models import Membership

    directed = {library_id for library_id, role in memberships_of(user)
                if role == Membership.Role.DIRECTOR}
    user._director_library_ids = frozenset(directed | descendant_ids(directed)
                                           if directed else ())
    return user._director_library_ids


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


class ReferenceQuerySet(models.QuerySet):
    """Reference data every signed-in user reads (municipalities, counties)."""

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self


class PublishedQuerySet(models.QuerySet):
    """Items the department or a library publishes to the territory (news, good practice,
    events). ``published_statuses`` are the statuses every signed-in user may see;
    ``author_path`` leads to the user who wrote the item."""

    status_field = "status"
    published_statuses: tuple = ("published",)
    author_path = "created_by"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(models.Q(**{f"{self.status_field}__in": self.published_statuses})
                           | models.Q(**{self.author_path: user}))


class MembersQuerySet(models.QuerySet):
    """Objects with members (a working group, a jury, an assignment's assignees):
    ``members_path`` leads to the member users."""

    members_path = "members"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        ids = self.filter(**{self.members_path: user}).values("pk")
        return self.filter(pk__in=ids)


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
