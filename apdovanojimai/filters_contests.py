"""Filters of the contests list: words in the title, the year (of the contests the user
sees), the status and the level."""

import django_filters
from django.utils.translation import gettext_lazy as _

from apdovanojimai.models import Contest, ContestLevel, ContestStatus
from portalas.search import search


class ContestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="by_words")
    year = django_filters.ChoiceFilter(label=_("Year"), choices=(), empty_label=_("Any year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ContestStatus.choices,
                                         empty_label=_("Any status"))
    level = django_filters.ChoiceFilter(label=_("Level"), choices=ContestLevel.choices,
                                        empty_label=_("Any level"))

    class Meta:
        model = Contest
        fields = ["q", "year", "status", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        years = (Contest.objects.visible_to(user).order_by("-year")
                 .values_list("year", flat=True).distinct()) if user is not None else []
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    def by_words(self, queryset, name, value):
        return search(queryset, value, ("title", "description"))
