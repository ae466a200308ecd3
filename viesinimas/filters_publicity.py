"""Filters of the publicity log. Every choice list is what the user may see: a librarian is
offered their library (a director's with its outlets), never another; the municipality
only to the whole-territory roles.

A publication is about several libraries, so the library and municipality filters go
through a subquery of the link table (no duplicate rows, no DISTINCT)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Municipality
from bibliotekos.scoping import descendant_ids
from portalas.forms import IsoDateField
from portalas.ordering import lt_order
from viesinimas.models import Publication, PublicationChannel

LINKS = Publication.libraries.through


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateField


def _libraries(request):
    if request is None:
        return Library.objects.none()
    return Library.objects.visible_to(request.user).order_by(lt_order("name"))


def _municipalities(request):
    if request is None or not request.user.sees_whole_territory:
        return Municipality.objects.none()
    return Municipality.objects.filter(in_territory=True).order_by(lt_order("name"))


def search(queryset, value: str):
    """The title, the medium, what it is about and the notes (Lithuanian letters' case folded
    on both databases)."""
    value = " ".join((value or "").split())
    if not value:
        return queryset
    return queryset.filter(Q(title__icontains=value) | Q(medium__icontains=value)
                           | Q(about__icontains=value) | Q(notes__icontains=value))


def about_library(queryset, library):
    """Publications about the library or one of its outlets."""
    ids = {library.pk} | descendant_ids([library.pk])
    return queryset.filter(pk__in=LINKS.objects.filter(library_id__in=ids)
                           .values("publication_id"))


def about_municipality(queryset, municipality):
    return queryset.filter(pk__in=LINKS.objects.filter(library__municipality=municipality)
                           .values("publication_id"))


class PublicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_search",
                                  help_text=_("Title, medium, activity or notes"))
    published_from = IsoDateFilter(label=_("From"), field_name="published_on",
                                   lookup_expr="gte")
    published_to = IsoDateFilter(label=_("To"), field_name="published_on", lookup_expr="lte")
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=PublicationChannel.choices,
                                          empty_label=_("All channels"))
    library = django_filters.ModelChoiceFilter(label=_("Library"), queryset=_libraries,
                                               method="by_library",
                                               empty_label=_("All libraries"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities, method="by_municipality",
        empty_label=_("All municipalities"))
    # from the event's and the practice's pages ("all publications about it"); not shown
    activity = django_filters.NumberFilter(field_name="activity")
    practice = django_filters.NumberFilter(field_name="practice")

    class Meta:
        model = Publication
        fields = ["q", "published_from", "published_to", "channel", "library", "municipality",
                  "activity", "practice"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not request.user.sees_whole_territory:
            del self.filters["municipality"]

    def by_search(self, queryset, name, value):
        return search(queryset, value)

    def by_library(self, queryset, name, value):
        return about_library(queryset, value) if value else queryset

    def by_municipality(self, queryset, name, value):
        return about_municipality(queryset, value) if value else queryset
