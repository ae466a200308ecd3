"""Filters of the CPV vocabulary's list: a search by the beginning of the code (``3019``,
``30190000-7``) or by words of either title (any case, with or without diacritics), and
whether the codes are in use (the default), out of use, or all."""

import django_filters
from django.utils.translation import gettext_lazy as _

from pirkimai.models import CpvCode

IN_USE, OUT_OF_USE, ALL = "", "out", "all"


class CpvFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Code or words of the title"), method="by_text")
    state = django_filters.ChoiceFilter(
        label=_("In use"), method="by_state", empty_label=_("Codes in use"),
        choices=((OUT_OF_USE, _("Codes no longer in use")), (ALL, _("All codes"))))

    class Meta:
        model = CpvCode
        fields = ["q", "state"]

    def by_text(self, queryset, name, value):
        return queryset.search(value)

    def by_state(self, queryset, name, value):
        if value == OUT_OF_USE:
            return queryset.filter(active=False)
        return queryset

    def filter_queryset(self, queryset):
        """The codes in use unless another state is chosen."""
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("state") in (None, IN_USE):
            queryset = queryset.filter(active=True)
        return queryset


def in_use_by_default(filterset, queryset):
    """The list's rows when no filter was sent at all (an unbound filter filters nothing):
    the codes in use."""
    if filterset is None or not filterset.is_bound:
        return queryset.filter(active=True)
    return queryset
