"""Filters of the studies' list: status, year (of the period's start) and a text search."""

import django_filters
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portalas.converters import YEAR_MAX, YEAR_MIN
from tyrimai.models import Study, StudyStatus


class StudyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="by_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=StudyStatus.choices,
                                         empty_label=_("All statuses"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], method="by_year",
                                       empty_label=_("Any year"))

    class Meta:
        model = Study
        fields = ["q", "status", "year"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["year"].extra["choices"] = self.year_choices()

    def year_choices(self) -> list:
        this_year = timezone.localdate().year
        span = self.queryset.aggregate(first=Min("opens_on__year"), last=Max("opens_on__year"))
        first = max(min(span["first"] or this_year, this_year), YEAR_MIN, this_year - 30)
        last = min(max(span["last"] or this_year, this_year), YEAR_MAX, this_year + 5)
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def by_year(self, queryset, name, value):
        return queryset.filter(opens_on__year=int(value)) if str(value).isdigit() else queryset

    def by_text(self, queryset, name, value):
        value = (value or "").strip()[:100]
        return queryset.filter(title__icontains=value) if value else queryset
