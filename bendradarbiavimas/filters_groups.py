"""Filters of the groups list: kind, level, active or closed, and words in the name."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bendradarbiavimas.models import GroupKind, GroupLevel, WorkingGroup
from portalas.search import search

ACTIVE_CHOICES = [("yes", pgettext_lazy("groups", "Active")),
                  ("no", pgettext_lazy("groups", "Closed or term over"))]


def active_q(today=None) -> Q:
    today = today or timezone.localdate()
    return (Q(closed_on__isnull=True) | Q(closed_on__gt=today)) & (
        Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=today))


class GroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="by_words")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=GroupKind.choices,
                                       empty_label=_("Any kind"))
    level = django_filters.ChoiceFilter(label=_("Level"), choices=GroupLevel.choices,
                                        empty_label=_("Any level"))
    active = django_filters.ChoiceFilter(label=pgettext_lazy("groups", "State"),
                                         choices=ACTIVE_CHOICES, method="by_active",
                                         empty_label=_("Active and closed"))

    class Meta:
        model = WorkingGroup
        fields = ["q", "kind", "level", "active"]

    def by_words(self, queryset, name, value):
        return search(queryset, value, ("name", "purpose"))

    def by_active(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(active_q())
        if value == "no":
            return queryset.exclude(active_q())
        return queryset
