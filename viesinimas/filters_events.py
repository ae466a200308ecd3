"""Filters of the activity calendar: the list's (period, municipality, library with its
outlets, audience, theme, kind, public, cancelled, words), the calendar page's (the same
without the period) and the public page's (municipality and library). Every choice list
is what the user may see; the public page's only what the public page shows."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bibliotekos.models import Library, Municipality
from bibliotekos.scoping import descendant_ids
from portalas.ordering import lt_order
from viesinimas.models import ActivityEvent, ActivityKind, Audience, Theme

WHEN_CHOICES = [
    ("upcoming", pgettext_lazy("events", "Upcoming and ongoing")),
    ("past", pgettext_lazy("events", "Past")),
]
STATE_CHOICES = [
    ("active", pgettext_lazy("events", "Not cancelled")),
    ("cancelled", pgettext_lazy("events", "Cancelled")),
]
PUBLIC_CHOICES = [
    ("yes", pgettext_lazy("events", "On the public page")),
    ("no", pgettext_lazy("events", "Not on the public page")),
]


def _libraries(request):
    """Every library still open: the calendar is the whole territory's (every signed-in
    user sees every library's events)."""
    if request is None or not request.user.is_authenticated:
        return Library.objects.none()
    return Library.objects.open_now().order_by(lt_order("name"), "pk")


def _municipalities(request):
    if request is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(in_territory=True).order_by(lt_order("name"), "pk")


def _themes(request):
    return Theme.objects.filter(active=True).order_by("order", lt_order("name"), "pk")


def with_outlets(library) -> set[int]:
    return {library.pk} | descendant_ids([library.pk])


def not_over(today=None) -> Q:
    today = today or timezone.localdate()
    return Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today)


class CalendarFilter(django_filters.FilterSet):
    """The calendar page's filters. Entries of the other calendars (trainings, deadlines…)
    follow the library and municipality filters when they carry a library and are left
    out under the audience, theme and kind filters (they have none)."""

    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities, field_name="library__municipality",
        empty_label=_("All municipalities"))
    library = django_filters.ModelChoiceFilter(label=_("Library"), queryset=_libraries,
                                               method="by_library",
                                               empty_label=_("All libraries"))
    audience = django_filters.ChoiceFilter(label=_("Audience"), choices=Audience.choices,
                                           empty_label=_("Any audience"))
    theme = django_filters.ModelChoiceFilter(label=_("Theme"), queryset=_themes,
                                             field_name="themes", distinct=True,
                                             empty_label=_("Any theme"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices,
                                       empty_label=_("Any kind"))

    #: Filters that only library events have: other calendars' entries are hidden under them.
    EVENT_ONLY = ("audience", "theme", "kind")

    class Meta:
        model = ActivityEvent
        fields = ["municipality", "library", "audience", "theme", "kind"]

    def by_library(self, queryset, name, value):
        """The library's events and its outlets'."""
        if not value:
            return queryset
        return queryset.filter(library_id__in=with_outlets(value))

    def chosen(self) -> dict:
        """The valid filter values the person chose (empty ones left out)."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {name: value for name, value in self.form.cleaned_data.items()
                if value not in (None, "", [])}

    def keeps_entry(self, entry) -> bool:
        """Whether another calendar's entry stays under the chosen filters."""
        chosen = self.chosen()
        if any(name in chosen for name in self.EVENT_ONLY):
            return False
        library = getattr(entry, "library", None)
        if library is None:
            return True
        if "library" in chosen and library.pk not in with_outlets(chosen["library"]):
            return False
        return not ("municipality" in chosen
                    and library.municipality_id != chosen["municipality"].pk)


class EventFilter(CalendarFilter):
    """The list's filters: the calendar's, and when, cancelled, public and words."""

    q = django_filters.CharFilter(label=_("Search"), method="search",
                                  widget=forms.TextInput(attrs={"type": "search"}))
    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN_CHOICES, method="by_when",
                                       empty_label=_("Any time"))
    state = django_filters.ChoiceFilter(label=_("Status"), choices=STATE_CHOICES,
                                        method="by_state", empty_label=_("All"))
    shown_publicly = django_filters.ChoiceFilter(label=_("Public page"),
                                                 choices=PUBLIC_CHOICES, method="by_public",
                                                 empty_label=_("All"))

    class Meta:
        model = ActivityEvent
        fields = ["q", "when", "municipality", "library", "audience", "theme", "kind",
                  "state", "shown_publicly"]

    def search(self, queryset, name, value):
        words = value.split()[:5]
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(place__icontains=word)
                                       | Q(campaign__icontains=word)
                                       | Q(library__name__icontains=word))
        return queryset

    def by_when(self, queryset, name, value):
        if value == "upcoming":
            return queryset.filter(not_over())
        if value == "past":
            return queryset.exclude(not_over())
        return queryset

    def by_state(self, queryset, name, value):
        if value == "active":
            return queryset.filter(cancelled_at__isnull=True)
        if value == "cancelled":
            return queryset.filter(cancelled_at__isnull=False)
        return queryset

    def by_public(self, queryset, name, value):
        if value in {"yes", "no"}:
            return queryset.filter(public=value == "yes")
        return queryset


def _public_libraries(request):
    """The libraries with something on the public page now, and the systems and central
    libraries above them (a system's choice covers its outlets); no other library's name
    is needed there."""
    shown = ActivityEvent.objects.public().filter(not_over()).values("library_id")
    return (Library.objects.filter(Q(pk__in=shown) | Q(outlets__in=shown)
                                   | Q(outlets__outlets__in=shown)
                                   | Q(outlets__outlets__outlets__in=shown))
            .distinct().order_by(lt_order("name"), "pk"))


def _public_municipalities(request):
    shown = ActivityEvent.objects.public().filter(not_over()).values(
        "library__municipality_id")
    return Municipality.objects.filter(pk__in=shown).order_by(lt_order("name"), "pk")


class PublicEventFilter(django_filters.FilterSet):
    """The public page's filters: no sign-in, so only what the page shows anyway."""

    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_public_municipalities,
        field_name="library__municipality", empty_label=_("All municipalities"))
    library = django_filters.ModelChoiceFilter(label=_("Library"), queryset=_public_libraries,
                                               method="by_library",
                                               empty_label=_("All libraries"))

    class Meta:
        model = ActivityEvent
        fields = ["municipality", "library"]

    def by_library(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(library_id__in=with_outlets(value))
