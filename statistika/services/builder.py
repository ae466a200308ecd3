"""Saving the table builder's comparison groups."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bibliotekos.models import Library, LibraryKind
from statistika.models import POPULATION_BANDS, ComparisonGroup


@transaction.atomic
def save_comparison_group(*, name: str, by, kind: str = "", band: str = "",
                          library_codes=(), shared: bool = False) -> ComparisonGroup:
    """A group by criteria (a library kind, optionally a population band) or — for
    whole-territory roles only — a hand-picked set of libraries. Only department staff
    share a group with everyone."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the group a name."))
    if shared and not by.can_manage_territory:
        raise PermissionDenied
    group = ComparisonGroup(name=name[:120], owner=by, shared=shared)
    if library_codes:
        if not by.sees_whole_territory:
            raise PermissionDenied
        libraries = list(Library.objects.visible_to(by).filter(code__in=list(library_codes)))
        if len(libraries) != len(set(library_codes)):
            raise ValidationError(_("Some of the libraries are not available."))
        group.hand_picked = True
        group.save()
        group.libraries.set(libraries)
        return group
    if kind not in LibraryKind.values or (band and band not in POPULATION_BANDS):
        raise ValidationError(_("Choose the kind of libraries for the group."))
    group.criteria = {"kind": kind, "band": band}
    group.save()
    return group


@transaction.atomic
def delete_comparison_group(*, group: ComparisonGroup, by) -> None:
    """Only the group's owner deletes it."""
    if group.owner_id != by.pk:
        raise PermissionDenied
    group.delete()
