"""The catalogue's filter: words, a tag, a library, a municipality, the audience.

The search is the kit's (``portalas.search``): case- and diacritic-insensitive on SQLite
and PostgreSQL alike, so "SENJORŲ", "senjorų" and "senjoru" find one another; every word
must be found (in any of the texts)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Municipality
from portalas.ordering import lt_order
from portalas.search import search as kit_search
from viesinimas.models import Practice, PracticeStatus, Theme

#: The texts a search reads.
SEARCHED = ("title", "summary", "what", "audience", "how", "results", "partners")


def search(queryset, text: str, fields=SEARCHED):
    """Rows whose texts hold every word (in any case, with or without diacritics)."""
    return kit_search(queryset, text, fields)


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="filter_words")
    tag = django_filters.ModelChoiceFilter(field_name="themes", queryset=Theme.objects.none(),
                                           label=_("Tag"), empty_label=_("All tags"))
    library = django_filters.ModelChoiceFilter(queryset=Library.objects.none(),
                                               label=_("Library"),
                                               empty_label=_("All libraries"))
    municipality = django_filters.ModelChoiceFilter(
        field_name="library__municipality", queryset=Municipality.objects.none(),
        label=_("Municipality"), empty_label=_("All municipalities"))
    audience = django_filters.CharFilter(label=_("For whom"), method="filter_audience")

    class Meta:
        model = Practice
        fields = ["q", "tag", "library", "municipality", "audience"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        self.filters["tag"].queryset = Theme.objects.visible_to(request.user).filter(
            Q(active=True) | Q(practices__in=published)).distinct().order_by("order", "name")
        self.filters["library"].queryset = Library.objects.filter(
            pk__in=published.values("library")).order_by(lt_order("name"))
        self.filters["municipality"].queryset = Municipality.objects.filter(
            pk__in=published.values("library__municipality")).order_by(lt_order("name"))
        self.filters["library"].field.label_from_instance = lambda library: library.name

    def filter_words(self, queryset, name, value):
        return search(queryset, value)

    def filter_audience(self, queryset, name, value):
        return search(queryset, value, fields=("audience",))
