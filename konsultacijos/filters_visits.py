"""Filters of the field visits' list: year, status, library (with its outlets),
municipality and who went. Every choice list is what the user may see."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bibliotekos.models import Library, Municipality
from bibliotekos.scoping import descendant_ids
from konsultacijos.models import FieldVisit, VisitStatus
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.ordering import lt_order

Participation = FieldVisit.participants.through

#: A visit's status in words of its own (the model's "Reported" reads as "reported by" in
#: the shared catalogue).
STATUS_CHOICES = [
    (VisitStatus.PLANNED, pgettext_lazy("field visit status", "Planned")),
    (VisitStatus.REPORTED, pgettext_lazy("field visit status", "Reported")),
    (VisitStatus.CANCELLED, pgettext_lazy("field visit status", "Cancelled")),
]


def status_label(visit) -> str:
    return str(dict(STATUS_CHOICES).get(visit.status, visit.status))


def _libraries(request):
    if request is None:
        return Library.objects.none()
    return Library.objects.visible_to(request.user).order_by(lt_order("name"), "pk")


def _municipalities(request):
    if request is None or not request.user.sees_whole_territory:
        return Municipality.objects.none()
    return Municipality.objects.filter(in_territory=True).order_by(lt_order("name"), "pk")


def _participants(request):
    """The people who went (or go) on a visit the user sees."""
    if request is None:
        return get_user_model().objects.none()
    visits = FieldVisit.objects.visible_to(request.user).values("pk")
    chosen = Participation.objects.filter(fieldvisit_id__in=visits).values("user_id")
    return (get_user_model().objects.filter(pk__in=chosen)
            .order_by(lt_order("full_name"), "email"))


class VisitFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], method="by_year",
                                       empty_label=_("Any year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES,
                                         empty_label=_("All statuses"))
    library = django_filters.ModelChoiceFilter(label=_("Library"), queryset=_libraries,
                                               method="by_library",
                                               empty_label=_("All libraries"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_municipalities, field_name="library__municipality",
        empty_label=_("All municipalities"))
    participant = django_filters.ModelChoiceFilter(
        label=_("Who went"), queryset=_participants, method="by_participant",
        empty_label=_("Anyone"))

    class Meta:
        model = FieldVisit
        fields = ["year", "status", "library", "municipality", "participant"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not request.user.sees_whole_territory:
            del self.filters["municipality"]  # a director's list is one municipality's
        self.filters["year"].extra["choices"] = self.year_choices()

    def year_choices(self) -> list:
        this_year = timezone.localdate().year
        span = self.queryset.aggregate(first=Min("visit_on__year"), last=Max("visit_on__year"))
        first = max(min(span["first"] or this_year, this_year), YEAR_MIN, this_year - 30)
        last = min(max(span["last"] or this_year, this_year), YEAR_MAX, this_year + 5)
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def by_year(self, queryset, name, value):
        return queryset.filter(visit_on__year=int(value)) if str(value).isdigit() else queryset

    def by_library(self, queryset, name, value):
        """The library's visits and those of its outlets."""
        if not value:
            return queryset
        return queryset.filter(library_id__in={value.pk} | descendant_ids([value.pk]))

    def by_participant(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Participation.objects.filter(user=value)
                               .values("fieldvisit_id"))
